import { useState } from "preact/hooks";
import { api, call, ok } from "../../api/client";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session-context";
import { DateInput } from "../../components/date-input";
import { FlashBanner } from "../../components/flash-banner";
import { FormErrors } from "../../components/form-errors";
import { Loaded } from "../../components/loaded";
import { PageHeading } from "../../components/page-heading";
import { Select } from "../../components/select";
import { Tag } from "../../components/tag";
import { datePartsToIso, formatDate, type DateParts } from "../../lib/dates";
import { useFormErrors } from "../../lib/use-form-errors";
import { useResource } from "../../lib/use-resource";
import { navigate } from "../../router/history";
import { paths } from "../../router/routes";

type Delegation = components["schemas"]["DelegationPublic"];
type DelegationCreate = components["schemas"]["DelegationCreate"];

const FIELDS = {
  cover_id: { id: "cover-id", label: "Cover", missing: "Choose who covers for you" },
  starts_on: { id: "starts-on", label: "First day", missing: "Enter the first day of your absence",
    invalid: "The first day must be a real date, for example 30 6 2020" },
  ends_on: { id: "ends-on", label: "Last day", missing: "Enter the last day of your absence",
    invalid: "The last day must be a real date, for example 30 6 2020" },
};
const OFFICERS = new Set(["action_owner", "head_of_service", "assistant_director", "director"]);
const EMPTY: DateParts = { day: "", month: "", year: "" };

function stateOf(delegation: Delegation): { text: string; colour: string } {
  if (delegation.revoked_at) return { text: "Ended", colour: "grey" };
  if (delegation.live) return { text: "Covering now", colour: "green" };
  return new Date(`${delegation.ends_on}T23:59:59`) < new Date() ? { text: "Over", colour: "grey" } : { text: "Planned", colour: "blue" };
}

/** Name a cover who decides in my name while I am away, and end a cover early. */
export function CoverPage() {
  const { me } = useSession();
  const [resource] = useResource(async () => {
    const [delegations, users] = await Promise.all([call(api.GET("/api/v1/delegations")), call(api.GET("/api/v1/users"))]);
    if (!delegations.ok) return delegations;
    if (!users.ok) return users;
    return ok({ delegations: delegations.data, officers: users.data.filter((u) => u.is_active && u.id !== me.id && OFFICERS.has(u.role)) });
  });
  const form = useFormErrors(FIELDS, { invalid_delegation: "cover_id" });
  const [cover, setCover] = useState("");
  const [starts, setStarts] = useState<DateParts>(EMPTY);
  const [ends, setEnds] = useState<DateParts>(EMPTY);
  const [busy, setBusy] = useState(false);

  async function name(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = { ...(cover ? { cover_id: Number(cover) } : {}),
      ...(datePartsToIso(starts) ? { starts_on: datePartsToIso(starts) } : {}),
      ...(datePartsToIso(ends) ? { ends_on: datePartsToIso(ends) } : {}) } as DelegationCreate;
    const result = await call(api.POST("/api/v1/delegations", { body }));
    setBusy(false);
    if (!result.ok) return form.fail(result.problem);
    navigate(paths.cover(), { flash: { kind: "success",
      text: `${result.data.cover.name} covers for you from ${formatDate(result.data.starts_on)} to ${formatDate(result.data.ends_on)}` } });
  }

  async function end(delegation: Delegation) {
    const result = await call(api.DELETE("/api/v1/delegations/{delegation_id}", { params: { path: { delegation_id: delegation.id } } }));
    if (!result.ok) return form.fail(result.problem);
    navigate(paths.cover(), { flash: { kind: "success", text: `${delegation.cover.name} no longer covers for you` } });
  }

  return (
    <Loaded resource={resource}>
      {({ delegations, officers }) => {
        const given = delegations.filter((d) => d.approver.id === me.id);
        const held = delegations.filter((d) => d.cover.id === me.id && d.live);
        return (
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
              <FormErrors form={form} />
              <FlashBanner />
              <PageHeading title="Cover for your absence" hasErrors={!!form.errors} />
              <p class="govuk-body">While you are away, your cover decides status changes and new due dates, and reviews
                evidence, in your name, as you could. They never decide on their own work.</p>
              {held.length > 0 && (
                <div class="govuk-inset-text">
                  You are covering for {held.map((d) => d.approver.name).join(", ")}: what they could decide is
                  in your <a class="govuk-link" href={paths.approvals()}>approvals</a>.
                </div>
              )}
              <h2 class="govuk-heading-m">Your covers</h2>
              {given.length === 0 ? <p class="govuk-body">You have not named anyone to cover for you.</p> : (
                <table class="govuk-table app-stack">
                  <caption class="govuk-table__caption govuk-visually-hidden">People you named to cover for you</caption>
                  <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                      <th scope="col" class="govuk-table__header">Cover</th>
                      <th scope="col" class="govuk-table__header">From</th>
                      <th scope="col" class="govuk-table__header">To</th>
                      <th scope="col" class="govuk-table__header">State</th>
                      <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">End</span></th>
                    </tr>
                  </thead>
                  <tbody class="govuk-table__body">
                    {given.map((d) => {
                      const state = stateOf(d);
                      return (
                        <tr class="govuk-table__row" key={d.id}>
                          <th scope="row" class="govuk-table__header">{d.cover.name}</th>
                          <td class="govuk-table__cell" data-label="From">{formatDate(d.starts_on)}</td>
                          <td class="govuk-table__cell" data-label="To">{formatDate(d.ends_on)}</td>
                          <td class="govuk-table__cell" data-label="State"><Tag text={state.text} colour={state.colour} /></td>
                          <td class="govuk-table__cell">
                            {(state.text === "Covering now" || state.text === "Planned") && (
                              <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => end(d)}>
                                End cover<span class="govuk-visually-hidden"> by {d.cover.name}</span>
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
              <h2 class="govuk-heading-m">Name a cover</h2>
              <form noValidate onSubmit={name}>
                <Select id="cover-id" label="Who covers for you?" value={cover} onChange={setCover} error={form.error("cover_id")}
                  options={[{ value: "", text: "Choose someone" }, ...officers.map((u) => ({ value: String(u.id), text: u.name || u.email }))]} />
                <DateInput id="starts-on" legend="First day of your absence" hint="For example 30 6 2020." value={starts}
                  onInput={setStarts} error={form.error("starts_on")} />
                <DateInput id="ends-on" legend="Last day of your absence" hint="For example 7 7 2020." value={ends}
                  onInput={setEnds} error={form.error("ends_on")} />
                <button type="submit" class="govuk-button">Name cover</button>
              </form>
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}
