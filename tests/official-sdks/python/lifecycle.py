"""The key-pair lifecycle through Alibaba Cloud's official Python SDKs, against the emulator.

Run by tests/cli/officialSdks.test.ts. Settings come from the environment:
  EMULATOR_ENDPOINT   host:port          EMULATOR_PROTOCOL   http or https (https trusts SSL_CERT_FILE)
  SIGNATURE           v3 (ACS3-HMAC-SHA256) or v1 (HMAC-SHA1, the SDK's "v2" algorithm setting)
  ACCESS_KEY_ID, ACCESS_KEY_SECRET, PUBLIC_KEY (an OpenSSH line), NAME (a key-pair name), INSTANCE_ID (an ECS
  instance the test made in cn-hangzhou)
Prints one JSON object: what each step saw. The test compares it with what the emulator must have answered.
"""
import json
import os

from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as EcsClient
from alibabacloud_ens20171110 import models as ens_models
from alibabacloud_ens20171110.client import Client as EnsClient
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi import models as openapi_models
from Tea.exceptions import TeaException

REGION = "cn-hangzhou"


def config() -> openapi_models.Config:
    settings = openapi_models.Config(
        access_key_id=os.environ["ACCESS_KEY_ID"],
        access_key_secret=os.environ["ACCESS_KEY_SECRET"],
        endpoint=os.environ["EMULATOR_ENDPOINT"],
        protocol=os.environ["EMULATOR_PROTOCOL"],
        region_id=REGION,
    )
    if os.environ["SIGNATURE"] == "v1":
        # The SDK calls the RPC (V1, HMAC-SHA1) signature "v2"; anything else signs V3.
        settings.signature_algorithm = "v2"
    return settings


def error_code(call) -> str:
    """The code of the error a call raises (it must raise)."""
    try:
        call()
    except TeaException as error:
        return error.code
    raise AssertionError("the call succeeded but should have failed")


def ecs_lifecycle(seen: dict) -> None:
    ecs = EcsClient(config())
    name = os.environ["NAME"]
    instance = os.environ["INSTANCE_ID"]
    imported = ecs.import_key_pair(
        ecs_models.ImportKeyPairRequest(
            region_id=REGION,
            key_pair_name=name,
            public_key_body=os.environ["PUBLIC_KEY"],
            tag=[ecs_models.ImportKeyPairRequestTag(key="env", value="sdk")],
        )
    )
    seen["importFingerprint"] = imported.body.key_pair_finger_print
    ecs.tag_resources(
        ecs_models.TagResourcesRequest(
            region_id=REGION,
            resource_type="keypair",
            resource_id=[name],
            tag=[ecs_models.TagResourcesRequestTag(key="team", value="python")],
        )
    )
    described = ecs.describe_key_pairs(
        ecs_models.DescribeKeyPairsRequest(region_id=REGION, key_pair_name=name, include_public_key=True)
    ).body.key_pairs.key_pair
    seen["described"] = [
        {
            "name": pair.key_pair_name,
            "fingerprint": pair.key_pair_finger_print,
            "publicKey": pair.public_key,
            "tags": {tag.tag_key: tag.tag_value for tag in pair.tags.tag},
        }
        for pair in described
    ]
    attached = ecs.attach_key_pair(
        ecs_models.AttachKeyPairRequest(region_id=REGION, key_pair_name=name, instance_ids=json.dumps([instance]))
    ).body
    seen["attach"] = {"total": attached.total_count, "failed": attached.fail_count}
    instances = ecs.describe_instances(
        ecs_models.DescribeInstancesRequest(region_id=REGION, key_pair_name=name)
    ).body.instances.instance
    seen["instances"] = [[i.instance_id, i.key_pair_name] for i in instances]
    delete = ecs_models.DeleteKeyPairsRequest(region_id=REGION, key_pair_names=json.dumps([name]))
    seen["deleteWhileBound"] = error_code(lambda: ecs.delete_key_pairs(delete))
    detached = ecs.detach_key_pair(
        ecs_models.DetachKeyPairRequest(region_id=REGION, key_pair_name=name, instance_ids=json.dumps([instance]))
    ).body
    seen["detach"] = {"total": detached.total_count, "failed": detached.fail_count}
    ecs.delete_key_pairs(delete)
    seen["afterDelete"] = ecs.describe_key_pairs(
        ecs_models.DescribeKeyPairsRequest(region_id=REGION, key_pair_name=name)
    ).body.total_count
    seen["duplicateImport"] = error_code(
        lambda: [
            ecs.import_key_pair(
                ecs_models.ImportKeyPairRequest(region_id=REGION, key_pair_name=name, public_key_body=os.environ["PUBLIC_KEY"])
            )
            for _ in range(2)
        ]
    )
    ecs.delete_key_pairs(delete)


def ens_lifecycle(seen: dict) -> None:
    ens = EnsClient(config())
    name = os.environ["NAME"] + "-ens"
    imported = ens.import_key_pair(
        ens_models.ImportKeyPairRequest(key_pair_name=name, public_key_body=os.environ["PUBLIC_KEY"])
    )
    seen["ensImportFingerprint"] = imported.body.key_pair_finger_print
    created = ens.create_key_pair(ens_models.CreateKeyPairRequest(key_pair_name=name + "-made")).body
    seen["ensCreated"] = {"id": created.key_pair_id, "fingerprint": created.key_pair_finger_print, "privateKey": created.private_key_body}
    listed = ens.describe_key_pairs(ens_models.DescribeKeyPairsRequest()).body.key_pairs.key_pair
    seen["ensDescribed"] = sorted([pair.key_pair_name, pair.key_pair_finger_print] for pair in listed)
    for pair in listed:
        ens.delete_key_pairs(ens_models.DeleteKeyPairsRequest(key_pair_id=pair.key_pair_id))
    seen["ensAfterDelete"] = ens.describe_key_pairs(ens_models.DescribeKeyPairsRequest()).body.total_count


def sts_identity(seen: dict) -> None:
    sts = StsClient(config())
    seen["callerAccount"] = sts.get_caller_identity().body.account_id


if __name__ == "__main__":
    seen: dict = {}
    ecs_lifecycle(seen)
    ens_lifecycle(seen)
    sts_identity(seen)
    print(json.dumps(seen))
