import type { components } from "../../api/schema";
import { RagTag } from "../../components/rag-tag";
import { Tag } from "../../components/tag";
import { paths } from "../../router/routes";
import { continues, nextDueText, summary, watchTags } from "./action-text";

type Action = components["schemas"]["ActionPublic"];

/**
 * Actions in a GOV.UK table: the ref links to the action; the status tag says its word. `waiting`:
 * what waits for a decision on each action, shown under its status.
 */
export function ActionsTable({ caption, actions, waiting }: { caption: string; actions: Action[]; waiting?: Map<number, string[]> }) {
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Action</th>
          <th scope="col" class="govuk-table__header govuk-!-width-one-half">What it should achieve</th>
          <th scope="col" class="govuk-table__header">Owner</th>
          <th scope="col" class="govuk-table__header">Next due</th>
          <th scope="col" class="govuk-table__header">Status</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {actions.map((action) => (
          <tr class="govuk-table__row" key={action.id}>
            <th scope="row" class="govuk-table__header">
              <a class="govuk-link" href={paths.action(action.id)}>
                <span class="govuk-visually-hidden">Action </span>{action.ref}
              </a>
            </th>
            <td class="govuk-table__cell">
              {summary(action.text)}
              {continues(action.text) && (
                <>
                  {" "}
                  <a class="govuk-link" href={paths.action(action.id)}>
                    … continued<span class="govuk-visually-hidden"> (action {action.ref} in full)</span>
                  </a>
                </>
              )}
            </td>
            <td class="govuk-table__cell">{action.owner?.name ?? "No owner"}</td>
            <td class="govuk-table__cell">{nextDueText(action)}</td>
            <td class="govuk-table__cell">
              <RagTag status={action.status} />
              {watchTags(action).map((tag) => <span class="app-watch-tag" key={tag.text}> <Tag {...tag} /></span>)}
              {waiting?.get(action.id)?.map((text) => <span class="govuk-hint govuk-!-margin-0 govuk-!-margin-top-1" key={text}>{text}, waiting for a decision</span>)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
