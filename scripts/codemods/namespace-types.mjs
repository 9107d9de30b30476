#!/usr/bin/env node
/* global console, process */
// Codemod: namespace the supplement-content plugin's 13 schema type names ("citation" ->
// "supplementContent.citation") everywhere code names them as *types*, and nowhere else.
//
//   node namespace-types.mjs <repoDir> [--dry-run] [--no-format] [--no-typegen] [--quiet]
//
// Deterministic and idempotent: a second run changes nothing. Node 20+, no dependencies.
// It prints every rewrite (file:line, rule, old -> new), then every literal equal to an old name
// it left alone in a context that may still be a type (check those by hand), then runs prettier
// on the files it changed and `npm run typegen` (regenerates schemas/schema.json, sanity.types.ts).
import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join, relative, sep} from 'node:path'

export const NAMESPACE = 'supplementContent'
export const OLD_NAMES = [
  'supplement',
  'benefit',
  'audience',
  'warning',
  'citation',
  'importRecord',
  'articleBody',
  'citationReference',
  'doseLimit',
  'importProvenance',
  'ingredient',
  'mechanismStep',
  'medicalReview',
]
const OLD = new Set(OLD_NAMES)
const renamed = (name) => `${NAMESPACE}.${name}`
const NEW = new Set(OLD_NAMES.map(renamed))
// Names that are also ordinary words or vocabulary values in this code base (a warning *kind*
// "doseLimit", a validation level "warning", an article line role "citation", a summary block kind
// "audience"): weaker contexts (arrays, call arguments) never rewrite them alone.
const AMBIGUOUS = new Set(['doseLimit', 'warning', 'citation', 'audience'])

// Files and folders never touched: generated files (regenerate them), the adopting-studio fixture
// (its own `citation`/`warning`/`audience` types must keep their names), the data migration that
// maps old names to new ones, and its test.
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.lake', '.sanity', 'test-results'])
const SKIP_PATHS = [
  'scripts/codemods/',
  'schemas/schema.json',
  'schemas/sanity.types.ts',
  'package.json',
  'package-lock.json',
  'tests/artifacts/',
  'tests/fixtures/adopting-studio/',
  'migrations/namespace-plugin-types/',
  'tests/import/namespace-migration.test.ts',
]
const EXTENSIONS = /\.(?:[cm]?[jt]sx?|json|ndjson|groq)$/

// Calls whose string arguments are type names. Generic: any callee with "type" in its name
// (documentTypeListItem, schemaType, byType, isEditorType...). Named: this code base's helpers.
const TYPE_CALLEES = /type/i
const NAMED_CALLEES = new Set([
  'possibleDuplicatesField',
  'newDocument',
  'openDocument',
  'creatableFrom',
  'names',
  'documentsOf',
])
const NOT_TYPE_KEYS =
  /(?:^|[{,(\s])["']?(?:kind|kinds|role|roles|level|severity|status|tone|color|mode|value|field|path|id|title|name|label|style|section|heading)["']?\s*:\s*$/

// ---------------------------------------------------------------------------------------------
// A small JS/TS/JSON scanner: string literals and template chunks, skipping comments and regexes.

function scan(src) {
  const tokens = [] // {kind: 'string'|'template', start, end (exclusive, quotes included), value}
  let i = 0
  const n = src.length
  let lastSignificant = ''
  const templateStack = [] // brace depth at which each open template's ${ began
  let braceDepth = 0
  const regexAllowedAfter = /[(,=:[!&|?{};+\-*%<>~^]$/
  function readString(quote) {
    const start = i
    i++
    let value = ''
    while (i < n && src[i] !== quote) {
      if (src[i] === '\\') {
        value += src[i] + src[i + 1]
        i += 2
        continue
      }
      if (src[i] === '\n') break
      value += src[i++]
    }
    i++
    tokens.push({kind: 'string', start, end: i, value, quote})
  }
  function readTemplateChunk() {
    // i is just after ` or after the } closing a ${...}
    const start = i
    while (i < n) {
      if (src[i] === '\\') {
        i += 2
        continue
      }
      if (src[i] === '`') {
        tokens.push({kind: 'template', start, end: i, value: src.slice(start, i)})
        i++
        return 'closed'
      }
      if (src[i] === '$' && src[i + 1] === '{') {
        tokens.push({kind: 'template', start, end: i, value: src.slice(start, i)})
        i += 2
        return 'expr'
      }
      i++
    }
    return 'closed'
  }
  while (i < n) {
    const c = src[i]
    if (c === '/' && src[i + 1] === '/') {
      const start = i
      while (i < n && src[i] !== '\n') i++
      tokens.push({kind: 'comment', start, end: i, value: ''})
      continue
    }
    if (c === '/' && src[i + 1] === '*') {
      const start = i
      const end = src.indexOf('*/', i + 2)
      i = end < 0 ? n : end + 2
      tokens.push({kind: 'comment', start, end: i, value: ''})
      continue
    }
    if (c === '"' || c === "'") {
      readString(c)
      lastSignificant = 'x'
      continue
    }
    if (c === '`') {
      i++
      if (readTemplateChunk() === 'expr') templateStack.push(braceDepth)
      lastSignificant = 'x'
      continue
    }
    if (c === '/') {
      const before = src.slice(Math.max(0, i - 12), i).trimEnd()
      const isRegex =
        lastSignificant === '' ||
        regexAllowedAfter.test(lastSignificant) ||
        /\b(?:return|typeof|case|in|of|yield|await)$/.test(before)
      if (isRegex) {
        i++
        let inClass = false
        while (i < n && src[i] !== '\n') {
          if (src[i] === '\\') {
            i += 2
            continue
          }
          if (src[i] === '[') inClass = true
          else if (src[i] === ']') inClass = false
          else if (src[i] === '/' && !inClass) break
          i++
        }
        i++
        while (i < n && /[a-z]/.test(src[i])) i++
        lastSignificant = 'x'
        continue
      }
    }
    if (c === '{') braceDepth++
    if (c === '}') {
      if (templateStack.length && templateStack[templateStack.length - 1] === braceDepth) {
        templateStack.pop()
        i++
        if (readTemplateChunk() === 'expr') templateStack.push(braceDepth)
        lastSignificant = 'x'
        continue
      }
      braceDepth--
    }
    if (!/\s/.test(c)) lastSignificant = c
    i++
  }
  return tokens
}

// ---------------------------------------------------------------------------------------------
// Context helpers on the original source.

const CLOSERS = {')': '(', ']': '[', '}': '{'}
const OPENERS = {'(': ')', '[': ']', '{': '}'}

/** Index of the unmatched opening bracket that encloses `pos`, skipping strings/templates. */
function enclosingOpen(src, pos, tokens) {
  const stack = []
  let t = tokens.length - 1
  for (let i = pos - 1; i >= 0; i--) {
    while (t >= 0 && tokens[t].start > i) t--
    if (t >= 0 && tokens[t].start <= i && i < tokens[t].end) {
      i = tokens[t].start
      continue
    }
    const c = src[i]
    if (CLOSERS[c]) stack.push(c)
    else if (OPENERS[c]) {
      if (stack.length === 0) return i
      stack.pop()
    }
  }
  return -1
}

/** Index of the bracket matching the opener at `open`. */
function matchingClose(src, open, tokens) {
  let depth = 0
  let t = 0
  for (let i = open; i < src.length; i++) {
    while (t < tokens.length && tokens[t].end <= i) t++
    if (t < tokens.length && tokens[t].start <= i && i < tokens[t].end) {
      i = tokens[t].end - 1
      continue
    }
    const c = src[i]
    if (OPENERS[c]) depth++
    else if (CLOSERS[c]) {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

/** Top-level elements of the bracketed list [open, close], as trimmed source slices. */
function topLevelItems(src, open, close, tokens) {
  const items = []
  let depth = 0
  let from = open + 1
  let t = 0
  for (let i = open + 1; i < close; i++) {
    while (t < tokens.length && tokens[t].end <= i) t++
    if (t < tokens.length && tokens[t].start <= i && i < tokens[t].end) {
      i = tokens[t].end - 1
      continue
    }
    const c = src[i]
    if (OPENERS[c]) depth++
    else if (CLOSERS[c]) depth--
    else if (c === ',' && depth === 0) {
      items.push(src.slice(from, i).trim())
      from = i + 1
    }
  }
  const last = src.slice(from, close).trim()
  if (last) items.push(last)
  // Comments between items belong to no item.
  return items.map((item) => item.replace(/^(?:\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*/, ''))
}

const literalValue = (item) => {
  const m = /^(["'])(.*)\1(?:\s+as\s+const)?$/s.exec(item)
  return m ? m[2] : undefined
}

function arrayIsTypeList(src, open, tokens) {
  const close = matchingClose(src, open, tokens)
  if (close < 0) return false
  const values = topLevelItems(src, open, close, tokens).map(literalValue)
  if (values.length === 0 || values.some((v) => v === undefined || !(OLD.has(v) || NEW.has(v)))) {
    return false
  }
  const before = src.slice(Math.max(0, open - 80), open)
  if (/(?:types?|TYPES?)["']?\s*[:=]\s*$/i.test(before)) return true
  if (NOT_TYPE_KEYS.test(before)) return false
  return values.some((v) => OLD.has(v) && !AMBIGUOUS.has(v)) || values.some((v) => NEW.has(v))
}

function objectKeys(src, open, tokens) {
  const close = matchingClose(src, open, tokens)
  if (close < 0) return undefined
  const keys = []
  for (const item of topLevelItems(src, open, close, tokens)) {
    const m = /^(?:(["'])([^"']*)\1|([A-Za-z_$][\w$]*))\s*:/.exec(item)
    if (!m) return undefined
    keys.push(m[2] ?? m[3])
  }
  return keys
}

/** `{benefits: 'benefit', warnings: 'warning'}`: every value a type name, one at least unambiguous. */
function objectIsTypeMap(src, open, tokens) {
  const close = matchingClose(src, open, tokens)
  if (close < 0) return false
  const values = []
  for (const item of topLevelItems(src, open, close, tokens)) {
    const m = /^(?:["'][^"']*["']|[A-Za-z_$][\w$]*)\s*:\s*(.*)$/s.exec(item)
    if (!m) return false
    values.push(literalValue(m[1].trim()))
  }
  if (values.length < 2 || values.some((v) => v === undefined || !(OLD.has(v) || NEW.has(v))))
    return false
  return values.some((v) => NEW.has(v) || !AMBIGUOUS.has(v))
}

/** Parameter names of a function declared in this file as `function f(...)` or `const f = (...) =>`. */
function parameterNames(src, name, tokens, before = src.length) {
  // The nearest definition before the call (two helpers of one name in different scopes).
  const re = new RegExp(
    `(?:function\\s+${name}\\s*(?:<[^>]*>)?\\s*\\(|(?:const|let)\\s+${name}\\s*=\\s*(?:async\\s*)?\\()`,
    'g',
  )
  let m
  for (let found; (found = re.exec(src)) && found.index < before;) m = found
  if (!m) m = re.exec(src)
  if (!m) return undefined
  const open = m.index + m[0].length - 1
  const close = matchingClose(src, open, tokens)
  if (close < 0) return undefined
  return topLevelItems(src, open, close, tokens).map(
    (p) => /^(?:\.\.\.)?([\w$]+)/.exec(p)?.[1] ?? '',
  )
}

/** Position of the argument containing `pos` in the call whose `(` is at `open`. */
function argumentIndex(src, open, pos, tokens) {
  const close = matchingClose(src, open, tokens)
  if (close < 0) return -1
  let depth = 0
  let index = 0
  let t = 0
  for (let i = open + 1; i < pos; i++) {
    while (t < tokens.length && tokens[t].end <= i) t++
    if (t < tokens.length && tokens[t].start <= i && i < tokens[t].end) {
      i = tokens[t].end - 1
      continue
    }
    const c = src[i]
    if (OPENERS[c]) depth++
    else if (CLOSERS[c]) depth--
    else if (c === ',' && depth === 0) index++
  }
  return index
}

function callee(src, open) {
  const before = src.slice(Math.max(0, open - 120), open)
  const m = /([\w$]+)(?:<[^<>()]*>)?\s*$/.exec(before)
  if (!m) return undefined
  const receiver = /([\w$]+)\s*\.\s*[\w$]+(?:<[^<>()]*>)?\s*$/.exec(before)?.[1]
  return {name: m[1], receiver}
}

/** Which rule (if any) says the string literal token is a type name. */
function ruleFor(src, token, tokens) {
  const before = src.slice(Math.max(0, token.start - 200), token.start)
  const after = src.slice(token.end, token.end + 80)
  if (/defineType\(\s*\{\s*name\s*:\s*$/.test(before)) return 'defineType name'
  if (
    /(?:^|[{,(\s])["']?(?:_type|type|schemaType|templateId|typeName|documentType)["']?\s*:\s*$/.test(
      before,
    )
  )
    return '_type/type key'
  if (
    /(?:\b_type|\bschemaType|\.type|\btype\.name|\btypeName|\bdocumentType|\btype)\s*(?:===|!==|==|!=)\s*$/.test(
      before,
    )
  )
    return 'type comparison'
  if (/^\s*(?:===|!==)\s*[\w$.?]*(?:_type|schemaType|\.type|typeName|documentType)\b/.test(after))
    return 'type comparison'
  if (/\bcase\s*$/.test(before)) {
    const sw = /switch\s*\(([^)]*)\)[^]*$/.exec(
      src.slice(Math.max(0, token.start - 2000), token.start),
    )
    if (sw && /(?:_type|schemaType|\btype\b|typeName|documentType)/.test(sw[1]))
      return 'switch on type'
  }
  if (/(?:^|[{,\s])["']?(?:id|templateId)["']?\s*:\s*$/.test(before)) {
    // A template's id is its type's name: {id: 'citation', schemaType: 'citation'}.
    const open = enclosingOpen(src, token.start, tokens)
    const close = open >= 0 && src[open] === '{' ? matchingClose(src, open, tokens) : -1
    const body = close > 0 ? src.slice(open, close) : ''
    if (new RegExp(`schemaType["']?\\s*:\\s*["'](?:${NAMESPACE}\\.)?${token.value}["']`).test(body))
      return 'template id of the type'
  }
  if (NOT_TYPE_KEYS.test(before)) return undefined
  const open = enclosingOpen(src, token.start, tokens)
  if (open < 0) return undefined
  if (src[open] === '[' && arrayIsTypeList(src, open, tokens)) return 'array of type names'
  if (src[open] === '(') {
    const call = callee(src, open)
    if (call && (TYPE_CALLEES.test(call.name) || NAMED_CALLEES.has(call.name)))
      return `argument of ${call.name}()`
    // A function of this file whose parameter at this position is named like a type.
    if (call) {
      const params = parameterNames(src, call.name, tokens, open)
      const index = argumentIndex(src, open, token.start, tokens)
      if (params && /^(?:type|schemaType|typeName|documentType)$/.test(params[index] ?? ''))
        return `argument "${params[index]}" of ${call.name}()`
    }
    if (call && call.name === 'get' && /schema/i.test(call.receiver ?? '')) return 'schema.get()'
  }
  if (
    src[open] === '{' &&
    /^\s*[\w$'"]+\s*:\s*$/.test(
      src
        .slice(open + 1, token.start)
        .split(',')
        .pop(),
    )
  ) {
    if (objectIsTypeMap(src, open, tokens)) return 'map to type names'
  }
  const fallback = /\}\s*\[[^\]]*\]\s*(?:\?\?|\|\|)\s*$/.exec(before)
  if (fallback) {
    const closeAt = token.start - (before.length - before.lastIndexOf('}'))
    const mapOpen = enclosingOpen(src, closeAt, tokens)
    if (mapOpen >= 0 && objectIsTypeMap(src, mapOpen, tokens))
      return 'fallback of a map to type names'
  }
  if (src[open] === '[') {
    // expect(referenceTargets('x')).toEqual(['citation']): an assertion about types or targets.
    const outer = enclosingOpen(src, open, tokens)
    const call = outer >= 0 && src[outer] === '(' ? callee(src, outer) : undefined
    const subject = src.slice(Math.max(0, outer - 160), outer)
    const aboutValues = /\b(?:kind|kinds|role|severity|level|status)\b/.test(
      subject.slice(subject.lastIndexOf('expect(')),
    )
    if (
      call &&
      !aboutValues &&
      /^to(?:Strict)?Equal$/.test(call.name) &&
      /expect\([^;]*(?:[Tt]ypes?|[Tt]argets?|[Rr]eferenc)[^;]*\)\s*\.\s*[\w.]*$/.test(subject)
    )
      return 'expected type names'
  }
  return undefined
}

/** Object keys equal to type names, in objects whose keys are all type names. */
function keyRewrites(src, tokens) {
  const out = []
  const re =
    /([{,]\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*)(?:(["'])([\w.]+)\2|([A-Za-z_$][\w$]*))(\s*:)/g
  let m
  while ((m = re.exec(src))) {
    const name = m[3] ?? m[4]
    if (!OLD.has(name)) continue
    const keyStart = m.index + m[1].length
    // Not inside a string/template/comment-free zone check: the key must not sit inside a token.
    if (
      tokens.some((t) => t.start <= keyStart && keyStart < t.end && !(m[2] && t.start === keyStart))
    )
      continue
    const open = m[1].trim() === '{' ? m.index : enclosingOpen(src, keyStart, tokens)
    if (open < 0 || src[open] !== '{') continue
    const keys = objectKeys(src, open, tokens)
    if (!keys || keys.length < 2 || keys.some((k) => !(OLD.has(k) || NEW.has(k)))) continue
    const keyEnd = keyStart + (m[2] ? name.length + 2 : name.length)
    const quote = m[2] ?? "'"
    out.push({
      start: keyStart,
      end: keyEnd,
      text: `${quote}${renamed(name)}${quote}`,
      rule: 'object keyed by type',
      old: name,
    })
  }
  return out
}

// GROQ in any string or template chunk: `_type == "x"`, `"x" == _type`, `_type != "x"`, `_type in [...]`.
function groqRewrites(token) {
  const out = []
  const base = token.kind === 'string' ? token.start + 1 : token.start
  const text = token.value
  const q = `(\\\\?["'])`
  const eq = new RegExp(`(\\b_type\\s*(?:==|!=)\\s*)${q}([\\w.]+)\\2`, 'g')
  const rev = new RegExp(`${q}([\\w.]+)\\1(\\s*(?:==|!=)\\s*_type\\b)`, 'g')
  let m
  while ((m = eq.exec(text))) {
    if (!OLD.has(m[3])) continue
    const at = base + m.index + m[1].length + m[2].length
    out.push({
      start: at,
      end: at + m[3].length,
      text: renamed(m[3]),
      rule: 'GROQ _type ==',
      old: m[3],
    })
  }
  while ((m = rev.exec(text))) {
    if (!OLD.has(m[2])) continue
    const at = base + m.index + m[1].length
    out.push({
      start: at,
      end: at + m[2].length,
      text: renamed(m[2]),
      rule: 'GROQ == _type',
      old: m[2],
    })
  }
  const inList = /\b_type\s+in\s+\[([^\]]*)\]/g
  while ((m = inList.exec(text))) {
    const listStart = m.index + m[0].indexOf('[') + 1
    const item = new RegExp(`${q}([\\w.]+)\\1`, 'g')
    let im
    while ((im = item.exec(m[1]))) {
      if (!OLD.has(im[2])) continue
      const at = base + listStart + im.index + im[1].length
      out.push({
        start: at,
        end: at + im[2].length,
        text: renamed(im[2]),
        rule: 'GROQ _type in [...]',
        old: im[2],
      })
    }
  }
  return out
}

// Generated TypeGen names: a document/object type `citation` is `Citation` in sanity.types.ts and
// becomes `SupplementContentCitation`; references to it `CitationReference` -> `...CitationReference`.
const pascal = (s) => s.replace(/(^|[.\-_])(\w)/g, (_, __, ch) => ch.toUpperCase())
const GENERATED = new Map()
function addTypeName(name) {
  if (!OLD_NAMES.includes(name)) OLD_NAMES.push(name)
  OLD.add(name)
  NEW.add(renamed(name))
  GENERATED.set(pascal(name), pascal(renamed(name)))
  GENERATED.set(`${pascal(name)}Reference`, `${pascal(renamed(name))}Reference`)
}
for (const name of OLD_NAMES) addTypeName(name)

/**
 * Types the schema defines beyond the 13 known ones (added on another branch since): every
 * `defineType({name: 'x'})` under schemas/ whose name has no namespace yet joins the rename.
 */
function discoverSchemaTypes(root) {
  const found = []
  const dir = join(root, 'schemas')
  const files = []
  const visit = (d) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      if (e.isDirectory()) visit(join(d, e.name))
      else if (/\.[cm]?[jt]sx?$/.test(e.name) && !/sanity\.types/.test(e.name))
        files.push(join(d, e.name))
    }
  }
  visit(dir)
  for (const file of files) {
    // Also names already namespaced by an earlier run: code merged since may still use the old one.
    const re = new RegExp(
      `defineType\\(\\s*\\{\\s*name\\s*:\\s*['"](?:${NAMESPACE}\\.)?([A-Za-z_][\\w]*)['"]`,
      'g',
    )
    let m
    const src = readFileSync(file, 'utf8')
    while ((m = re.exec(src))) if (!OLD.has(m[1])) found.push(m[1])
  }
  return [...new Set(found)].sort()
}
function typegenRewrites(src) {
  const out = []
  const importRe = /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+["'][^"']*sanity\.types(?:\.ts)?["']/g
  const names = new Set()
  let m
  while ((m = importRe.exec(src))) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]
      if (GENERATED.has(name)) names.add(name)
    }
  }
  for (const name of names) {
    const re = new RegExp(`(?<![\\w$.'"])${name}(?![\\w$'"])`, 'g')
    while ((m = re.exec(src))) {
      out.push({
        start: m.index,
        end: m.index + name.length,
        text: GENERATED.get(name),
        rule: 'generated type name',
        old: name,
      })
    }
  }
  return out
}

// Portable Text components are keyed by `_type`: `marks: {citationReference}` (shorthand too) and
// `types: {ingredient: ...}` become `{'supplementContent.citationReference': citationReference}`.
function portableTextKeyRewrites(src, tokens) {
  const out = []
  const re = /\b(?:marks|types|blockComponents)\s*:\s*\{/g
  let m
  while ((m = re.exec(src))) {
    if (tokens.some((t) => t.start <= m.index && m.index < t.end)) continue
    const open = m.index + m[0].length - 1
    const close = matchingClose(src, open, tokens)
    if (close < 0) continue
    let depth = 0
    let itemStart = open + 1
    let t = 0
    const items = []
    for (let i = open + 1; i <= close; i++) {
      while (t < tokens.length && tokens[t].end <= i) t++
      if (t < tokens.length && tokens[t].start <= i && i < tokens[t].end) {
        i = tokens[t].end - 1
        continue
      }
      const c = src[i]
      if (i === close || (c === ',' && depth === 0)) {
        items.push([itemStart, i])
        itemStart = i + 1
      } else if (OPENERS[c]) depth++
      else if (CLOSERS[c]) depth--
    }
    for (const [from, to] of items) {
      const text = src.slice(from, to)
      const lead = text.length - text.trimStart().length
      const k = /^(?:(["'])([\w.]+)\1|([A-Za-z_$][\w$]*))(\s*:)?/.exec(text.trimStart())
      if (!k) continue
      const name = k[2] ?? k[3]
      if (!OLD.has(name)) continue
      const start = from + lead
      if (k[4]) {
        const quote = k[1] ?? "'"
        out.push({
          start,
          end: start + (k[1] ? name.length + 2 : name.length),
          text: `${quote}${renamed(name)}${quote}`,
          rule: 'Portable Text component key',
          old: name,
        })
      } else if (text.trim() === name) {
        out.push({
          start,
          end: start + name.length,
          text: `'${renamed(name)}': ${name}`,
          rule: 'Portable Text component key',
          old: name,
        })
      }
    }
  }
  return out
}

// `summary.counts.citation` -> `summary.counts['supplementContent.citation']`: the importer counts
// documents by type, so the key is the type name.
function memberRewrites(src, tokens) {
  const out = []
  const re = new RegExp(`\\bcounts(\\??\\.)(${OLD_NAMES.join('|')})\\b`, 'g')
  let m
  while ((m = re.exec(src))) {
    if (tokens.some((t) => t.start <= m.index && m.index < t.end)) continue
    const start = m.index + 'counts'.length
    const optional = m[1].startsWith('?')
    out.push({
      start,
      end: start + m[1].length + m[2].length,
      text: `${optional ? '?.' : ''}['${renamed(m[2])}']`,
      rule: 'counts by type',
      old: m[2],
    })
  }
  return out
}

// Literals left alone that are plainly not types: kinds, roles, levels, severities, unions.
function plainlyNotType(src, token) {
  const before = src.slice(Math.max(0, token.start - 120), token.start)
  const after = src.slice(token.end, token.end + 40)
  if (NOT_TYPE_KEYS.test(before)) return true
  if (/^\s*:/.test(after)) return true // a quoted key (JSON): field names, not types
  if (/\b(?:kind|role|level|severity|status|sourceType|style)\s*(?:===|!==|==|!=)\s*$/.test(before))
    return true
  if (/\|\s*$/.test(before) || /^\s*\|/.test(after)) return true
  if (/process\.(?:on|once|off|removeAllListeners|emitWarning)\(\s*$/.test(before)) return true
  return false
}

// ---------------------------------------------------------------------------------------------

function walk(root, dir, files) {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name)) continue
      walk(root, join(dir, entry.name), files)
    } else if (EXTENSIONS.test(entry.name)) {
      const rel = relative(root, join(dir, entry.name)).split(sep).join('/')
      if (SKIP_PATHS.some((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p))) continue
      files.push(rel)
    }
  }
  return files
}

function lineOf(src, pos) {
  let line = 1
  for (let i = 0; i < pos; i++) if (src.charCodeAt(i) === 10) line++
  return line
}

export function rewriteSource(src, file = '') {
  const tokens = scan(src)
  const edits = []
  for (const token of tokens) {
    if (token.kind === 'string' && OLD.has(token.value)) {
      const rule = ruleFor(src, token, tokens)
      if (rule)
        edits.push({
          start: token.start + 1,
          end: token.end - 1,
          text: renamed(token.value),
          rule,
          old: token.value,
        })
    }
    if (/_type/.test(token.value)) edits.push(...groqRewrites(token))
  }
  if (!/\.json$|\.ndjson$/.test(file)) edits.push(...keyRewrites(src, tokens))
  else edits.push(...keyRewrites(src, tokens).map((e) => ({...e, text: e.text.replace(/'/g, '"')})))
  edits.push(...typegenRewrites(src))
  edits.push(...memberRewrites(src, tokens))
  edits.push(...portableTextKeyRewrites(src, tokens))
  // One edit per position, applied back to front.
  const unique = [...new Map(edits.map((e) => [e.start, e])).values()].sort(
    (a, b) => b.start - a.start,
  )
  let out = src
  for (const e of unique) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  // Leftovers in the rewritten text: literals still equal to an old name, not plainly something else.
  const after = scan(out)
  const leftovers = after
    .filter((t) => t.kind === 'string' && OLD.has(t.value) && !plainlyNotType(out, t))
    .map((t) => ({
      line: lineOf(out, t.start),
      text: out.split('\n')[lineOf(out, t.start) - 1].trim(),
      name: t.value,
    }))
  // Member reads keyed by a type name (`result.counts.citation`): the key changed with the type.
  const memberUses = []
  const member = new RegExp(
    `\\b(?:counts|[\\w$]*By[Tt]ype[\\w$]*)\\??\\.(${OLD_NAMES.join('|')})\\b`,
    'g',
  )
  let m
  while ((m = member.exec(out))) {
    if (after.some((t) => t.start <= m.index && m.index < t.end)) continue
    const line = lineOf(out, m.index)
    memberUses.push({line, text: out.split('\n')[line - 1].trim(), name: m[1]})
  }
  return {
    output: out,
    edits: unique.reverse().map((e) => ({...e, line: lineOf(src, e.start)})),
    leftovers: [...leftovers, ...memberUses],
  }
}

function main(argv) {
  const args = argv.filter((a) => !a.startsWith('--'))
  const flags = new Set(argv.filter((a) => a.startsWith('--')))
  if (args.length !== 1 || flags.has('--help')) {
    console.error(
      'Usage: node namespace-types.mjs <repoDir> [--dry-run] [--no-format] [--no-typegen] [--quiet]',
    )
    process.exit(2)
  }
  const root = args[0]
  if (!existsSync(join(root, 'schemas')) || !statSync(root).isDirectory()) {
    console.error(`${root}: not the plugin repository (no schemas/ folder)`)
    process.exit(2)
  }
  const extra = discoverSchemaTypes(root)
  for (const name of extra) addTypeName(name)
  console.log(
    `Namespacing ${OLD_NAMES.length} type names as ${NAMESPACE}.<name>` +
      (extra.length ? ` (found in the schema beyond the known 13: ${extra.join(', ')})` : ''),
  )
  const changed = []
  const review = []
  let total = 0
  for (const file of walk(root, root, []).sort()) {
    const path = join(root, file)
    const src = readFileSync(path, 'utf8')
    const {output, edits, leftovers} = rewriteSource(src, file)
    for (const l of leftovers) review.push(`  ${file}:${l.line}: ${l.text}`)
    if (output === src) continue
    changed.push(file)
    total += edits.length
    if (!flags.has('--quiet')) {
      console.log(`${file}: ${edits.length} rename(s)`)
      for (const e of edits)
        console.log(`  ${e.line}: ${e.old} -> ${e.text.replace(/^['"]|['"]$/g, '')}  (${e.rule})`)
    }
    if (!flags.has('--dry-run')) writeFileSync(path, output)
  }
  console.log(
    `\n${total} rename(s) in ${changed.length} file(s)${flags.has('--dry-run') ? ' (dry run: nothing written)' : ''}.`,
  )
  if (review.length) {
    console.log(
      `\nLeft unchanged: ${review.length} literal(s) equal to an old type name in a context that`,
    )
    console.log('may or may not be a type (check these by hand):')
    for (const r of review) console.log(r)
  } else {
    console.log('\nNo literal equal to an old type name is left in a context that could be a type.')
  }
  if (flags.has('--dry-run')) return
  const bin = (name) => join(root, 'node_modules/.bin', name)
  if (changed.length && !flags.has('--no-format') && existsSync(bin('prettier'))) {
    execFileSync(bin('prettier'), ['-w', '--log-level', 'warn', ...changed], {
      cwd: root,
      stdio: 'inherit',
    })
    console.log(`prettier: formatted ${changed.length} file(s)`)
  }
  if (!flags.has('--no-typegen') && existsSync(bin('sanity'))) {
    console.log('npm run typegen ...')
    execFileSync('npm', ['run', '--silent', 'typegen'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    console.log('typegen: regenerated schemas/schema.json and schemas/sanity.types.ts')
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split(sep).pop())) {
  main(process.argv.slice(2))
}
