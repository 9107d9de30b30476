import {useEffect, useState} from 'react'
import {type PreviewProps, useClient} from 'sanity'

import {linkedSupplementNames} from '../lib/linked-supplements.ts'

const CLIENT_OPTIONS = {apiVersion: '2025-02-19'}

/**
 * A benefit's or warning's preview where Sanity renders it through the preview component (a
 * supplement's reference lists, reference fields) with the supplements that link it in front of
 * the subtitle, so documents that share a title can be told apart.
 */
export function LinkedSupplementPreview(props: PreviewProps) {
  const client = useClient(CLIENT_OPTIONS)
  // Sanity passes the previewed document's `_id` along with the prepared preview value.
  const documentId = (props as PreviewProps & {_id?: string})._id
  // Kept as one string so an equal answer never re-renders (a preview renders very often).
  const [names, setNames] = useState('')

  useEffect(() => {
    if (!documentId) return undefined
    let cancelled = false
    void linkedSupplementNames(client, documentId).then((found) => {
      if (!cancelled) setNames(found.join(', '))
    })
    return () => {
      cancelled = true
    }
  }, [client, documentId])

  if (!names) return props.renderDefault(props)
  const own = typeof props.subtitle === 'string' ? props.subtitle : undefined
  return props.renderDefault({...props, subtitle: [names, own].filter(Boolean).join(' · ')})
}
