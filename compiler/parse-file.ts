// Entry point of the front end for one file: lex, parse, build the AST. Never throws.
import type { IRecognitionException, IToken } from 'chevrotain';
import type { PolicyFileAst } from './ast.js';
import { diagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { lex, tokenEnd } from './lexer.js';
import { HELP_SEPARATOR, parseTokens } from './parser.js';
import { cstToAst } from './cst-to-ast.js';
import { span, lineIndex, type LineIndex } from '../runtime/text/spans.js';

function errorSpan(e: IRecognitionException, tokens: IToken[], index: LineIndex, text: string) {
  const t = e.token;
  if (t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.tokenType?.name !== 'EOF') {
    return span(index, t.startOffset, tokenEnd(t));
  }
  // end of input or a token inserted by recovery: point just after the previous real token
  const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  let at = text.length;
  if (prev && Number.isFinite(prev.startOffset)) at = tokenEnd(prev);
  else if (tokens.length > 0) at = tokenEnd(tokens[tokens.length - 1]);
  return span(index, at, at);
}

export function parsePolicyFile(text: string, file: string): { value: PolicyFileAst; diagnostics: Diagnostic[] } {
  try {
    const lexed = lex(text, file);
    const { cst, errors } = parseTokens(lexed.tokens);
    const diagnostics = [...lexed.diagnostics];
    const seenLines = new Set<number>(); // start offsets of syntax errors
    for (const e of errors) {
      const s = errorSpan(e, lexed.tokens, lexed.index, text);
      // recovery can report the same spot twice; one error per position is enough
      if (seenLines.has(s.start)) continue;
      seenLines.add(s.start);
      const [message, help] = e.message.split(HELP_SEPARATOR);
      diagnostics.push(diagnostic('policy/syntax', message, s, { file, help }));
    }
    const ast = cstToAst(cst, file, text, lexed.index, lexed.comments);
    // recovery may resume at a token the syntax error already points at: one error per spot
    // and an "unknown item" on the line of a syntax error is recovery resuming mid-line
    const errorLines = new Set(diagnostics.map((d) => d.span.line));
    const astDiagnostics = ast.diagnostics.filter((d) => d.code !== 'policy/unknown-item' || (!seenLines.has(d.span.start) && !errorLines.has(d.span.line)));
    return { value: ast.value, diagnostics: sortDiagnostics([...diagnostics, ...astDiagnostics]) };
  } catch (err) {
    // a bug in the front end must not take the caller down: report it as a diagnostic
    const index = lineIndex(text);
    return {
      value: { kind: 'file', file, items: [], comments: [], span: span(index, 0, text.length) },
      diagnostics: [
        diagnostic('policy/internal', `internal error while parsing: ${String((err as Error)?.message ?? err).split('\n')[0]}`, span(index, 0, 0), {
          file,
          help: 'this is a bug in hoop-policy; please report it with the file',
        }),
      ],
    };
  }
}
