// The bundled sim script `launch demo` runs: a two-phase loop that shows every watchdog behaviour
// (handoffs both ways, a usage limit with probe and resume, a stall reboot, a declared wait, DONE).
// Phase #1 is the first phase of any sequence; later phases follow `steps`.
import type { SimScript, Step } from './script-schema.js';

const claim = (gate: string, summary: string): Step => ({
  do: 'commit',
  subject: `claim({phase}-${gate}): ${summary}`,
  files: [
    {
      path: `work/{phase}/${gate}.md`,
      text: `# Phase {phase}, gate ${gate}\n\n${summary}.\n`,
    },
  ],
  note: `claiming gate ${gate}`,
});

const awaitReview = (gate: string): Step => ({
  do: 'wait',
  match: 'review\\(',
  waitingUntilSeconds: 60,
  note: `waiting for the Adversary's verdict on ${gate}`,
});

const awaitClaim = (waitingUntilSeconds: number, note: string): Step => ({
  do: 'wait',
  match: 'claim\\(',
  waitingUntilSeconds,
  note,
});

const review = (gate: string, seconds: number): Step[] => [
  { do: 'pull', note: `pulling the claim for ${gate}` },
  { do: 'work', seconds, note: `verifying gate ${gate} against the plan` },
  {
    do: 'commit',
    subject: `review({phase}-${gate}): PASS`,
    files: [
      {
        path: 'REVIEW-{phase}.md',
        text: `- ${gate}: PASS (checked by the sim Adversary)\n`,
        append: true,
      },
    ],
    note: `${gate} holds up; recording the verdict`,
  },
];

export const DEFAULT_SCRIPT: SimScript = {
  description: 'The bundled demo: two phases, every watchdog behaviour once.',
  builder: {
    phases: {
      '#1': [
        { do: 'say', text: 'reading the plan for phase {phase}' },
        { do: 'work', seconds: 3, note: 'building gate g1' },
        claim('g1', 'gate g1 is ready for review'),
        awaitReview('g1'),
        { do: 'say', text: 'g1 passed; starting gate g2' },
        { do: 'work', seconds: 2, note: 'building gate g2' },
        // Sits limited until the watchdog's probe arrives after the reset, then resumes.
        { do: 'limit', resetSeconds: 8, style: 'epoch', resumeSeconds: 2 },
        { do: 'work', seconds: 2, note: 'finishing gate g2' },
        claim('g2', 'gate g2 is ready for review'),
        awaitReview('g2'),
        { do: 'done', note: 'every gate passed; marking the phase done' },
      ],
    },
    steps: [
      { do: 'say', text: 'reading the plan for phase {phase}' },
      { do: 'work', seconds: 2, note: 'building gate g1' },
      {
        do: 'say',
        text: 'stalling on purpose: no work and no declared wait, so the watchdog should reboot me',
      },
      { do: 'idle' },
      { do: 'say', text: 'back after the reboot; picking gate g1 up again' },
      { do: 'work', seconds: 2, note: 'building gate g1' },
      claim('g1', 'gate g1 is ready for review'),
      awaitReview('g1'),
      {
        do: 'declare-wait',
        seconds: 8,
        note: 'waiting for a slow check; declared, so the watchdog leaves me idle',
      },
      { do: 'done', note: 'every gate passed; marking the phase done' },
    ],
  },
  adversary: {
    phases: {
      '#1': [
        awaitClaim(60, 'nothing to review yet; waiting for a claim'),
        ...review('g1', 3),
        awaitClaim(60, 'waiting for the next claim'),
        ...review('g2', 2),
        awaitClaim(120, 'all claims reviewed; waiting in case another comes'),
      ],
    },
    steps: [
      awaitClaim(60, 'nothing to review yet; waiting for a claim'),
      ...review('g1', 2),
      awaitClaim(120, 'all claims reviewed; waiting in case another comes'),
    ],
  },
  orchestrator: {
    steps: [
      { do: 'say', text: 'supervising the loop; waking when the watchdog asks' },
      ...Array.from({ length: 50 }, (): Step[] => [
        { do: 'wait', match: '.', waitingUntilSeconds: 900 },
        { do: 'work', seconds: 1, note: 'checking on the Builder and the Adversary' },
        { do: 'say', text: 'the loop is moving; nothing to change' },
      ]).flat(),
    ],
  },
};
