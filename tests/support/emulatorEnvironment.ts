/** The environment a program, a provider host or the CLI gets to talk to an emulator with the test credential. */
import type { Emulator } from '../../emulator';
import { TEST_CREDENTIAL } from './fixtures';

/** Every endpoint (ECS, ENS, STS) at the emulator, the test credential, no metadata service. */
export function emulatorEnvironment(emulator: Emulator): NodeJS.ProcessEnv {
  return {
    ALIBABA_CLOUD_ENDPOINT_ECS: emulator.url,
    ALIBABA_CLOUD_ENDPOINT_ENS: emulator.url,
    ALIBABA_CLOUD_ENDPOINT_STS: emulator.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIAL.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIAL.accessKeySecret,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  };
}
