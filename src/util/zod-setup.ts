// zod's global settings for launch's processes; imported first by the CLI entry (zod reads the
// setting when a schema is built). It runs before every command's module, so before the schemas
// they build at import; in the bundle, chunks the entry imports statically are evaluated before
// it, which is one more reason the entry's own schemas (settings) are built on first use.
import { z } from 'zod';

// No per-schema parser compiled with `new Function` on its first parse: that pays back only over
// many parses of one schema, and a command parses each file once (compiling them cost `launch
// status` more than the parsing). Same results either way.
z.config({ jitless: true });
