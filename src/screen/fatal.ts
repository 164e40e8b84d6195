// Recognises client errors that wedge a session until it is restarted fresh: the Anthropic API
// rejecting a conversation whose thinking blocks were altered ("`thinking` or `redacted_thinking`
// blocks in the latest assistant message cannot be modified") or whose tool calls are broken (tool
// use concurrency, a duplicate tool_use id). Every later prompt fails the same way, so only a new
// session helps.

/** The error's own words; matched on the error line joined with its wrapped continuation. */
const FATAL = [
  /\bthinking`?\s+(?:or\s+`?redacted_thinking`?\s+)?blocks\s+(?:in\s+the\s+latest\s+assistant\s+message\s+)?cannot\s+be\s+modified\b/i,
  /\bredacted_thinking\b/,
  // Claude Code 2.1.197 rewrites two conversation-state errors: "API Error: 400 due to tool use
  // concurrency issues. Run /rewind to recover the conversation." and "API Error: 400 duplicate
  // tool_use ID in conversation history." (the raw API words are matched too).
  /\bdue\s+to\s+tool\s+use\s+concurrency\s+issues\b/i,
  /\bduplicate\s+tool_use\s+ID\s+in\s+conversation\s+history\b/i,
  /`?tool_use`?\s+ids\s+(?:must\s+be\s+unique|were\s+found\s+without\s+`?tool_result`?\s+blocks)/i,
];

/**
 * The line body starts an API error the fatal check applies to: an error label ("API Error: 400",
 * "Error:", "[API Error") or the request-path prefix the API puts first ("messages.3.content.76:").
 */
export function startsApiError(body: string, labelled: boolean): boolean {
  return labelled || /^messages\.\d+\.content\.\d+:/.test(body);
}

export function isFatalText(blockText: string): boolean {
  return FATAL.some((pattern) => pattern.test(blockText));
}
