import {describe, expect, it} from 'vitest'

import {schemaTypes} from '../../schemas/index.ts'
import {NO_FIELD_INITIAL_VALUES, withoutFieldInitialValues} from '../../studio/lib/schema.ts'

describe('the content model as the Studio shows it', () => {
  it('starts a new warning without a hidden dose limit (no field defaults inside doseLimit)', () => {
    expect(NO_FIELD_INITIAL_VALUES).toContain('doseLimit')
    const stored = schemaTypes.find((type) => type.name === 'doseLimit')!
    const shown = withoutFieldInitialValues(stored) as unknown as {
      fields: Array<Record<string, unknown>>
    }
    expect(shown.fields.map((field) => field.name)).toContain('per')
    expect(shown.fields.filter((field) => 'initialValue' in field)).toEqual([])
  })
})
