/**
 * Alibaba Cloud's public regions, as far as this package knows them: a region a small edit away from one of these is
 * a typo ("did you mean cn-hangzhou?"); one far from all of them may be a region newer than this list, and is let
 * through. The emulator serves exactly these.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-hongkong',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-south-1',
  'us-east-1',
  'us-west-1',
  'eu-west-1',
  'eu-central-1',
  'me-east-1',
  'me-central-1',
];

/** How many edits from a known region still count as a typo of it. */
export const REGION_TYPO_DISTANCE = 2;
