module keypair-plugin-go

go 1.21

require (
	github.com/pulumi-alicloud-keypair/sdks/go v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
)

// The generated Go SDK, from this repository.
replace github.com/pulumi-alicloud-keypair/sdks/go => ../../sdks/go
