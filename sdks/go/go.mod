module github.com/pulumi-alicloud-keypair/sdks/go

go 1.21

require github.com/pulumi/pulumi/sdk/v3 v3.248.0
