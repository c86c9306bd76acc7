// One ECS key pair through the alicloud-keypair plugin; its region from `alicloud-keypair:region`.
package main

import (
	"github.com/pulumi-alicloud-keypair/sdks/go/alicloudkeypair"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		deploy, err := alicloudkeypair.NewKeyPair(ctx, "deploy", &alicloudkeypair.KeyPairArgs{
			PublicKey: config.RequireSecret(ctx, "publicKey"),
			Tags:      pulumi.StringMap{"team": pulumi.String("platform")},
		})
		if err != nil {
			return err
		}
		ctx.Export("keyPairName", deploy.KeyPairName)
		ctx.Export("fingerprint", deploy.Fingerprint)
		return nil
	})
}
