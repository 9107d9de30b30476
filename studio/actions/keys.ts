declare module 'sanity' {
  interface DocumentActionKeys {
    supplementMarkReviewed: never
    supplementMergeDuplicates: never
  }
}

export {}
