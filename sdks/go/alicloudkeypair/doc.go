// SSH key pairs for Alibaba Cloud ECS and ENS, with local fingerprints, account safety and drift detection.
package alicloudkeypair
