// The key-pair lifecycle through Alibaba Cloud's official Go SDK (ecs-20140526 on darabonba-openapi), against the
// emulator. Run by tests/cli/officialSdks.test.ts; settings come from the environment, as for the Python script:
//
//	EMULATOR_ENDPOINT host:port, EMULATOR_PROTOCOL http|https (https trusts SSL_CERT_FILE), SIGNATURE v3|v1,
//	ACCESS_KEY_ID, ACCESS_KEY_SECRET, PUBLIC_KEY, NAME, INSTANCE_ID
//
// It prints one JSON object: what each step saw. (The Go module proxy serves no ENS or STS Go SDK: those are tested
// through the Python SDKs.)
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/tea"
)

const region = "cn-hangzhou"

func must[T any](value T, err error) T {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return value
}

// errorCode is the code of the error a call returns (it must return one).
func errorCode(err error) string {
	var sdkError *tea.SDKError
	if errors.As(err, &sdkError) {
		return tea.StringValue(sdkError.Code)
	}
	if err == nil {
		fmt.Fprintln(os.Stderr, "the call succeeded but should have failed")
		os.Exit(1)
	}
	return err.Error()
}

func main() {
	config := &openapi.Config{
		AccessKeyId:     tea.String(os.Getenv("ACCESS_KEY_ID")),
		AccessKeySecret: tea.String(os.Getenv("ACCESS_KEY_SECRET")),
		Endpoint:        tea.String(os.Getenv("EMULATOR_ENDPOINT")),
		Protocol:        tea.String(os.Getenv("EMULATOR_PROTOCOL")),
		RegionId:        tea.String(region),
	}
	if os.Getenv("SIGNATURE") == "v1" {
		// The SDK calls the RPC (V1, HMAC-SHA1) signature "v2"; anything else signs V3.
		config.SignatureAlgorithm = tea.String("v2")
	}
	client := must(ecs.NewClient(config))
	name := os.Getenv("NAME")
	instance := os.Getenv("INSTANCE_ID")
	instances := tea.String(fmt.Sprintf("[%q]", instance))
	seen := map[string]any{}

	imported := must(client.ImportKeyPair(&ecs.ImportKeyPairRequest{
		RegionId:      tea.String(region),
		KeyPairName:   tea.String(name),
		PublicKeyBody: tea.String(os.Getenv("PUBLIC_KEY")),
		Tag:           []*ecs.ImportKeyPairRequestTag{{Key: tea.String("env"), Value: tea.String("sdk")}},
	}))
	seen["importFingerprint"] = tea.StringValue(imported.Body.KeyPairFingerPrint)
	must(client.TagResources(&ecs.TagResourcesRequest{
		RegionId:     tea.String(region),
		ResourceType: tea.String("keypair"),
		ResourceId:   []*string{tea.String(name)},
		Tag:          []*ecs.TagResourcesRequestTag{{Key: tea.String("team"), Value: tea.String("go")}},
	}))
	described := must(client.DescribeKeyPairs(&ecs.DescribeKeyPairsRequest{
		RegionId: tea.String(region), KeyPairName: tea.String(name), IncludePublicKey: tea.Bool(true),
	}))
	var pairs []map[string]any
	for _, pair := range described.Body.KeyPairs.KeyPair {
		tags := map[string]string{}
		for _, tag := range pair.Tags.Tag {
			tags[tea.StringValue(tag.TagKey)] = tea.StringValue(tag.TagValue)
		}
		pairs = append(pairs, map[string]any{
			"name":        tea.StringValue(pair.KeyPairName),
			"fingerprint": tea.StringValue(pair.KeyPairFingerPrint),
			"publicKey":   tea.StringValue(pair.PublicKey),
			"tags":        tags,
		})
	}
	seen["described"] = pairs
	attached := must(client.AttachKeyPair(&ecs.AttachKeyPairRequest{
		RegionId: tea.String(region), KeyPairName: tea.String(name), InstanceIds: instances,
	}))
	seen["attach"] = map[string]string{"total": tea.StringValue(attached.Body.TotalCount), "failed": tea.StringValue(attached.Body.FailCount)}
	listed := must(client.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: tea.String(region), KeyPairName: tea.String(name)}))
	var bound [][]string
	for _, i := range listed.Body.Instances.Instance {
		bound = append(bound, []string{tea.StringValue(i.InstanceId), tea.StringValue(i.KeyPairName)})
	}
	seen["instances"] = bound
	deleteRequest := &ecs.DeleteKeyPairsRequest{RegionId: tea.String(region), KeyPairNames: tea.String(fmt.Sprintf("[%q]", name))}
	_, err := client.DeleteKeyPairs(deleteRequest)
	seen["deleteWhileBound"] = errorCode(err)
	detached := must(client.DetachKeyPair(&ecs.DetachKeyPairRequest{
		RegionId: tea.String(region), KeyPairName: tea.String(name), InstanceIds: instances,
	}))
	seen["detach"] = map[string]string{"total": tea.StringValue(detached.Body.TotalCount), "failed": tea.StringValue(detached.Body.FailCount)}
	must(client.DeleteKeyPairs(deleteRequest))
	after := must(client.DescribeKeyPairs(&ecs.DescribeKeyPairsRequest{RegionId: tea.String(region), KeyPairName: tea.String(name)}))
	seen["afterDelete"] = tea.Int32Value(after.Body.TotalCount)
	again := &ecs.ImportKeyPairRequest{RegionId: tea.String(region), KeyPairName: tea.String(name), PublicKeyBody: tea.String(os.Getenv("PUBLIC_KEY"))}
	must(client.ImportKeyPair(again))
	_, err = client.ImportKeyPair(again)
	seen["duplicateImport"] = errorCode(err)
	must(client.DeleteKeyPairs(deleteRequest))
	out := must(json.Marshal(seen))
	fmt.Println(string(out))
}
