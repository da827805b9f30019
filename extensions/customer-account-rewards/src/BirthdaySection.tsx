/** @jsxImportSource preact */
/**
 * The shopper's birthday on the Rewards page (issue 11, docs/decisions/034-birthdays-and-actions.md): shown when given
 * (with when it can be changed next), otherwise a small form (month, day, optional year) posted to the app's
 * `/customer-account/birthday`, which validates it against the shop's today and answers a field error shown on its
 * field. Pure: the same view, draft and words always render the same section (RewardsPage.tsx holds the state).
 */
import type { BirthdayAnswer, BirthdayDraft, RewardsText } from "./account";

export interface BirthdaySectionProps {
  view: BirthdayAnswer;
  text: RewardsText;
  draft: BirthdayDraft;
  onDraft: (draft: BirthdayDraft) => void;
  onSave: () => void;
  saving: boolean;
  saved: boolean;
  /** The app's sentence, and the field it names, when the last save was refused. */
  error: { message: string; field: string | null } | null;
}

const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);
const valueOf = (event: Event) => (event.currentTarget as HTMLInputElement).value;

/** "December 24" in the shopper's language (a fixed leap year, UTC: the date is a day of the year, not an instant). */
function monthDay(text: RewardsText, month: number, day: number): string {
  return text.formatDate(new Date(Date.UTC(2000, month - 1, day, 12)), { month: "long", day: "numeric", timeZone: "UTC" });
}

export function BirthdaySection({ view, text, draft, onDraft, onSave, saving, saved, error }: BirthdaySectionProps) {
  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  if (view.birthday) {
    const { month, day } = view.birthday;
    return (
      <s-section heading={text.translate("birthday.heading")}>
        <s-stack direction="block" gap="small-300">
          {saved && <s-banner tone="success">{text.translate("birthday.saved")}</s-banner>}
          <s-text>{text.translate("birthday.yours", { date: monthDay(text, month, day) })}</s-text>
          {view.changeableFrom && (
            <s-text color="subdued">{text.translate("birthday.changeableFrom", { date: text.formatDate(new Date(view.changeableFrom), { dateStyle: "medium" }) })}</s-text>
          )}
        </s-stack>
      </s-section>
    );
  }
  return (
    <s-section heading={text.translate("birthday.heading")}>
      <s-stack direction="block" gap="base">
        <s-paragraph>{text.translate("birthday.intro")}</s-paragraph>
        {error && !error.field && <s-banner tone="critical">{error.message}</s-banner>}
        <s-grid gridTemplateColumns="1fr 1fr 1fr" gap="base">
          <s-select label={text.translate("birthday.month")} value={draft.month} error={fieldError("month")} onChange={(event: Event) => onDraft({ ...draft, month: valueOf(event) })}>
            {MONTHS.map((month) => (
              <s-option key={month} value={String(month)}>
                {text.formatDate(new Date(Date.UTC(2000, month - 1, 1, 12)), { month: "long", timeZone: "UTC" })}
              </s-option>
            ))}
          </s-select>
          <s-number-field label={text.translate("birthday.day")} min={1} max={31} value={draft.day} error={fieldError("day")} onChange={(event: Event) => onDraft({ ...draft, day: valueOf(event) })} />
          <s-number-field label={text.translate("birthday.year")} min={1900} value={draft.year} error={fieldError("year")} onChange={(event: Event) => onDraft({ ...draft, year: valueOf(event) })} />
        </s-grid>
        <s-button variant="primary" loading={saving} disabled={saving} onClick={onSave}>
          {text.translate("birthday.save")}
        </s-button>
      </s-stack>
    </s-section>
  );
}
