import { parseConfig } from '../src/config/load-config.js';
import { hashPassword } from '../src/web/users.js';
const h = await hashPassword('correct horse battery');
const c = parseConfig({ feeds: [{ id: 'a', url: 'x.xml' }], web: { users: [{ name: 'ed', role: 'editor', passwordHash: h }] } });
console.log(c.web);
try { parseConfig({ feeds: [{ id: 'a', url: 'x.xml' }], web: { sessionSecret: 'x' } }); } catch (e) { console.log((e as Error).message); }
