import {resolveInitialValueForType} from 'sanity'
import {afterAll, beforeAll, expect, it} from 'vitest'

import {compiledSchema} from '../../schemas/validate.ts'

// The Studio resolves initial values in the browser, where it schedules work through `window`.
const globals = globalThis as {window?: unknown}
beforeAll(() => {
  globals.window = globalThis
})
afterAll(() => {
  delete globals.window
})

const newDocument = (type: string) =>
  resolveInitialValueForType(
    compiledSchema.get(type) as Parameters<typeof resolveInitialValueForType>[0],
    {},
    10,
    {} as Parameters<typeof resolveInitialValueForType>[3],
  )

it('starts a new warning without a hidden dose limit that would block publishing', async () => {
  const warning = await newDocument('supplementContent.warning')
  expect(warning).toEqual({_type: 'supplementContent.warning', severity: 'caution'})
})

it('starts a new supplement as a draft for medical review', async () => {
  const supplement = await newDocument('supplementContent.supplement')
  expect(supplement.review).toMatchObject({status: 'draft'})
})
