import { ErrorSummary as GovukErrorSummary } from "govuk-frontend";
import type { FormErrors } from "../api/problem";
import { useGovukModule } from "./govuk-module";

/** GOV.UK error summary: takes focus when shown; its links move focus to the field. */
export function ErrorSummary({ errors }: { errors: FormErrors["summary"] }) {
  const root = useGovukModule<HTMLDivElement>(GovukErrorSummary);
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" ref={root}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={error.text}>{error.href ? <a href={error.href}>{error.text}</a> : error.text}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
