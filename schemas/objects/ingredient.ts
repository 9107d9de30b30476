import {defineField, defineType} from 'sanity'

/** schema.org `activeIngredient`: one active component of a supplement. */
export const ingredientType = defineType({
  name: 'supplementContent.ingredient',
  title: 'Ingredient',
  type: 'object',
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      description: 'The nutrient as readers know it, e.g. "Vitamin K2".',
      validation: (rule) => rule.required().error('Give the ingredient a name.'),
    }),
    defineField({
      name: 'form',
      title: 'Chemical form',
      type: 'string',
      description: 'The specific form, e.g. "cholecalciferol" or "MK-7".',
    }),
    defineField({
      name: 'role',
      title: 'Role',
      type: 'text',
      rows: 2,
      description: 'What this ingredient does in the combination, in one or two sentences.',
    }),
  ],
  preview: {
    select: {title: 'name', form: 'form', role: 'role'},
    prepare: ({title, form, role}) => ({
      title: form ? `${title} (${form})` : title,
      subtitle: role,
    }),
  },
})
