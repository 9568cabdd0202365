export interface GoogleFormsSettings {
  /** The forms whose responses this source accepts. */
  formIds: string[];
}

const FORM_ID = /^[\w-]{10,100}$/;

/** A Google Forms source's settings, or every problem with them. */
export function readGoogleFormsSettings(
  settings: Readonly<Record<string, unknown>>,
): { settings: GoogleFormsSettings; problems: [] } | { settings?: undefined; problems: string[] } {
  const problems = Object.keys(settings)
    .filter((key) => key !== 'formIds')
    .map((key) => `unknown setting "${key}" (known: formIds)`);
  const { formIds } = settings;
  if (
    !Array.isArray(formIds) ||
    formIds.length === 0 ||
    !formIds.every((id) => typeof id === 'string' && FORM_ID.test(id))
  ) {
    problems.push('formIds must list the ids of the allowed forms (from the form’s edit URL /forms/d/<id>/edit)');
  }
  if (problems.length > 0) return { problems };
  return { problems: [], settings: { formIds: formIds as string[] } };
}
