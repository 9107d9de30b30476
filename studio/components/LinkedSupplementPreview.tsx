import {useEffect, useState} from 'react'
import {type PreviewProps, useClient} from 'sanity'

import {linkedSupplementNames} from '../lib/linked-supplements.ts'

const API_VERSION = '2025-02-19'

/**
 * A benefit's or warning's preview (lists, reference pickers, search) with the supplements that
 * link it in front of the subtitle, so documents that share a title can be told apart.
 */
export function LinkedSupplementPreview(props: PreviewProps) {
  const client = useClient({apiVersion: API_VERSION})
  // Sanity passes the previewed document's `_id` along with the prepared preview value.
  const documentId = (props as PreviewProps & {_id?: string})._id
  const [names, setNames] = useState<string[] | null>(null)

  useEffect(() => {
    if (!documentId) return undefined
    let cancelled = false
    void linkedSupplementNames(client, documentId).then((found) => !cancelled && setNames(found))
    return () => {
      cancelled = true
    }
  }, [client, documentId])

  if (!names || names.length === 0) return props.renderDefault(props)
  const own = typeof props.subtitle === 'string' ? props.subtitle : undefined
  return props.renderDefault({
    ...props,
    subtitle: [names.join(', '), own].filter(Boolean).join(' · '),
  })
}
