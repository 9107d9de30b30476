/** Position (1-based) of a citation in the supplement's "Works cited" list, or undefined. */
export function citationNumber(
  worksCited: ReadonlyArray<{_ref?: string}> | undefined,
  ref: string | undefined,
): number | undefined {
  if (!ref || !worksCited) return undefined
  const index = worksCited.findIndex((item) => item?._ref === ref)
  return index === -1 ? undefined : index + 1
}
