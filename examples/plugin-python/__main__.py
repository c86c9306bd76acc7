"""One ECS key pair through the alicloud-keypair plugin; its region from `alicloud-keypair:region`."""
import pulumi
import pulumi_alicloud_keypair as alicloud_keypair

config = pulumi.Config()
deploy = alicloud_keypair.KeyPair(
    "deploy",
    public_key=config.require_secret("publicKey"),
    tags={"team": "platform"},
)

pulumi.export("keyPairName", deploy.key_pair_name)
pulumi.export("fingerprint", deploy.fingerprint)
