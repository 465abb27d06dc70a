/**
 * ElastiCache prefixes each Global Datastore ID with a code of the primary's Region
 * (`ldgnf-<suffix>` in us-east-1), as listed in "Using the AWS CLI with global datastores":
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-CLI.html
 * The constructs compute a secondary's full ID from it (secondaries in other Regions join by that
 * ID, which cannot be read across Regions), and the simulator names Global Datastores with it.
 */
export const GLOBAL_DATASTORE_ID_PREFIXES: Readonly<Record<string, string>> = {
  'us-east-2': 'fpkhr',
  'us-east-1': 'ldgnf',
  'us-west-1': 'virxk',
  'us-west-2': 'sgaui',
  'ca-central-1': 'bxodz',
  'ap-south-1': 'erpgt',
  'ap-northeast-1': 'quwsw',
  'ap-northeast-2': 'lfqnh',
  'ap-northeast-3': 'nlapn',
  'ap-southeast-1': 'vlqxn',
  'ap-southeast-2': 'vbgxd',
  'eu-central-1': 'iudkw',
  'eu-west-1': 'gxeiz',
  'eu-west-2': 'okuqm',
  'eu-west-3': 'fgjhi',
  'sa-east-1': 'juxlw',
  'cn-north-1': 'emvgo',
  'cn-northwest-1': 'ckbem',
  'ap-east-1': 'knjmp',
};
