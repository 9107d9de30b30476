import type {FieldDefinition, ObjectDefinition, SchemaTypeDefinition} from 'sanity'

/**
 * A field initial value inside an optional object makes the Studio create that object in every
 * new document: a new "General" warning got a hidden `doseLimit: {per: 'day'}` whose required
 * amount and unit then blocked Publish. In the Studio the dose limit starts empty instead; an
 * editor who chooses "Dose limit" fills in all of it, as its validation asks.
 */
export const NO_FIELD_INITIAL_VALUES = ['doseLimit']

export function withoutFieldInitialValues(type: SchemaTypeDefinition): SchemaTypeDefinition {
  if (type.type !== 'object') return type
  const object = type as ObjectDefinition
  return {
    ...object,
    fields: object.fields.map(({initialValue: _dropped, ...field}) => field as FieldDefinition),
  }
}
