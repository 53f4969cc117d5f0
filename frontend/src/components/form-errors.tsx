import type { FormState } from "../lib/use-form-errors";
import { ErrorSummary } from "./error-summary";

/** The error summary of one form, placed at the top of the page's main column. */
export function FormErrors({ form }: { form: FormState }) {
  return form.errors ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null;
}
