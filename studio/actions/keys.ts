declare module 'sanity' {
  interface DocumentActionKeys {
    supplementMarkReviewed: never
    supplementMergeDuplicates: never
    supplementConfirmSuggestions: never
    supplementDeleteWithReason: never
  }
}

export {}
