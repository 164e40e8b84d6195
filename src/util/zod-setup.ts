// zod's global settings for launch's processes; imported first by the CLI entry, so it runs before
// any module builds a schema (zod reads the setting when a schema is built).
import { z } from 'zod';

// No per-schema parser compiled with `new Function` on its first parse: that pays back only over
// many parses of one schema, and a command parses each file once (compiling them cost `launch
// status` more than the parsing). Same results either way.
z.config({ jitless: true });
