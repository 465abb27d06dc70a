/**
 * The README's template-properties table names every property the simulator knows (the schemas
 * in property-schemas.ts), so what takes effect and what is only validated stays documented.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RESOURCE_SCHEMAS } from '../../../src/simulator/model';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const start = readme.indexOf('### Template properties');
const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
/** Resource types whose row says "every property". */
const EVERY_PROPERTY = ['User', 'UserGroup', 'ParameterGroup', 'SubnetGroup'];

test.each(Object.keys(RESOURCE_SCHEMAS))('%s: every property is in the README table', (type) => {
  const short = type.replace('AWS::ElastiCache::', '');
  const row = section.split('\n').find((line) => line.startsWith('| ') && line.split('|')[1].split(', ').map((c) => c.trim()).includes(`\`${short}\``));
  expect(row).toBeDefined();
  if (EVERY_PROPERTY.includes(short)) {
    expect(row).toContain('every property');
    return;
  }
  // Ignored properties (AutoMinorVersionUpgrade, CacheSecurityGroupNames…) are named once, below the table.
  const inRow = (property: string) => row!.includes(`\`${property}\``) || row!.includes(`\`${property}(s)\``)
    || row!.includes(`\`${property.replace(/s$/, '')}(s)\``);
  const namedIgnored = (property: string) => section.includes(`\`${property}\` are ignored`)
    || new RegExp(`\`${property}\`(, \`\\w+\`)* (and \`\\w+\` )?are ignored`).test(section) || section.includes(`serverless cache's\n\`${property}\``);
  const mentioned = (property: string) => inRow(property) || (RESOURCE_SCHEMAS[type].properties[property].treatment === 'ignored' && namedIgnored(property));
  const missing = Object.keys(RESOURCE_SCHEMAS[type].properties).filter((property) => !mentioned(property));
  expect(missing).toEqual([]);
});
