import {at, defineMigration, setIfMissing} from 'sanity/migrate'

import {sourceTypeForUrl} from '../../scripts/import/hosts.ts'

/** Citations created by hand or before the host table knew their site get a source type. */
export default defineMigration({
  title: 'Back-fill citation source types from the URL host',
  documentTypes: ['supplementContent.citation'],
  filter: '!defined(sourceType) && defined(url)',
  migrate: {
    document(doc) {
      const sourceType = typeof doc.url === 'string' ? sourceTypeForUrl(doc.url) : undefined
      // Unknown hosts stay empty for an editor: a guess would read as a fact to readers.
      return sourceType ? at('sourceType', setIfMissing(sourceType)) : undefined
    },
  },
})
