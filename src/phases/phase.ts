// What a phase is, and the rules its fields follow wherever a phase is declared.
import { z } from 'zod';

export interface Phase {
  /** Shell-safe id: names the phase-namespaced state files (STATUS-<id>.md, ...). */
  readonly id: string;
  /** The plan file as the user wrote it (relative to phases/, or to the plan dir for PHASES_SPEC). */
  readonly plan: string;
  /** Absolute path of the plan file. */
  readonly planPath: string;
  /** Basename of the status file the Builder writes `## DONE` into. */
  readonly status: string;
  /** Where it was declared, for messages: "…/phases.json:3:5" or "PHASES_SPEC entry 2". */
  readonly origin: string;
}

export const PHASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const phaseIdSchema = z.string().regex(PHASE_ID_PATTERN);
/** A plain file name: the status file is looked up in machine-docs/ and the clone's root. */
export const statusNameSchema = z
  .string()
  .min(1)
  .refine((name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..');
export const planPathSchema = z
  .string()
  .min(1)
  .refine((path) => !path.includes('\0'));

export const PHASE_FIELD_EXPECTS = {
  id: 'an id of letters, digits, ".", "_" and "-" (not starting with "." or "-")',
  plan: 'a path to the plan file, relative to phases/',
  status: 'a file name (no "/")',
} as const;
