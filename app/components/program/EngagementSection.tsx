import { Button, Card, FormLayout, InlineError, Layout, TextField } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import { SOCIAL_NETWORK_NAMES, SOCIAL_NETWORKS, type EngagementSettings, type SocialNetwork } from "~/loyalty/actions";

type Answer = { ok: true } | { ok: false; error: string; fieldErrors: Record<string, string> };

interface Draft {
  birthdayPoints: string;
  anniversaryPoints: string;
  newsletterPoints: string;
  newsletterCap: string;
  profilePoints: string;
  socialPoints: string;
  socialCap: string;
  networks: Record<SocialNetwork, string>;
}

function toDraft(settings: EngagementSettings): Draft {
  return {
    birthdayPoints: String(settings.birthdayPoints),
    anniversaryPoints: String(settings.anniversaryPoints),
    newsletterPoints: String(settings.newsletter.points),
    newsletterCap: String(settings.newsletter.cap),
    profilePoints: String(settings.profile.points),
    socialPoints: String(settings.social.points),
    socialCap: String(settings.social.cap),
    networks: Object.fromEntries(SOCIAL_NETWORKS.map((network) => [network, settings.social.networks[network] ?? ""])) as Record<SocialNetwork, string>,
  };
}

/** What the server validates (engagement-settings.server.ts): the draft as it was typed, numbers as text. */
function fromDraft(draft: Draft) {
  return {
    birthdayPoints: draft.birthdayPoints,
    anniversaryPoints: draft.anniversaryPoints,
    newsletter: { points: draft.newsletterPoints, cap: draft.newsletterCap },
    profile: { points: draft.profilePoints },
    social: { points: draft.socialPoints, cap: draft.socialCap, networks: draft.networks },
  };
}

/**
 * Birthday, anniversary and action bonuses on the Program page (docs/decisions/034-birthdays-and-actions.md). Saved
 * on its own (POST /app/bonuses): the server refuses the whole form with field errors, writing nothing.
 */
export function EngagementSection({ settings }: { settings: EngagementSettings }) {
  const { t } = useAdminText();
  const shopify = useAppBridge();
  const fetcher = useFetcher<Answer>();
  const [draft, setDraft] = useState(() => toDraft(settings));
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = answer && !answer.ok ? answer.fieldErrors : {};
  useEffect(() => {
    if (answer?.ok) shopify.toast.show(t("bonuses.saved"));
  }, [answer, shopify, t]);
  const field = (key: Exclude<keyof Draft, "networks">, label: string, error: string, helpText?: string) => (
    <TextField
      label={label}
      type="number"
      autoComplete="off"
      value={draft[key]}
      onChange={(value) => setDraft((current) => ({ ...current, [key]: value }))}
      error={errors[error]}
      helpText={helpText}
    />
  );
  return (
    <Layout.AnnotatedSection id="engagement" title={t("bonuses.title")} description={t("bonuses.description")}>
      <Card>
        <FormLayout>
          {field("birthdayPoints", t("bonuses.birthday"), "birthdayPoints", t("bonuses.birthdayHelp"))}
          {field("anniversaryPoints", t("bonuses.anniversary"), "anniversaryPoints", t("bonuses.anniversaryHelp"))}
          <FormLayout.Group>
            {field("newsletterPoints", t("bonuses.newsletter"), "newsletter.points", t("bonuses.newsletterHelp"))}
            {field("newsletterCap", t("bonuses.newsletterCap"), "newsletter.cap")}
          </FormLayout.Group>
          {field("profilePoints", t("bonuses.profile"), "profile.points", t("bonuses.profileHelp"))}
          <FormLayout.Group>
            {field("socialPoints", t("bonuses.social"), "social.points", t("bonuses.socialHelp"))}
            {field("socialCap", t("bonuses.socialCap"), "social.cap")}
          </FormLayout.Group>
          {SOCIAL_NETWORKS.map((network) => (
            <TextField
              key={network}
              label={t("bonuses.network", { network: SOCIAL_NETWORK_NAMES[network] })}
              type="url"
              autoComplete="off"
              value={draft.networks[network]}
              onChange={(value) => setDraft((current) => ({ ...current, networks: { ...current.networks, [network]: value } }))}
              error={errors[`social.networks.${network}`]}
            />
          ))}
          {errors["social.networks"] ? <InlineError message={errors["social.networks"]} fieldID="engagement-networks" /> : null}
          {answer && !answer.ok ? <InlineError message={t("bonuses.failed")} fieldID="engagement" /> : null}
          <Button
            variant="primary"
            loading={fetcher.state !== "idle"}
            onClick={() => fetcher.submit({ settings: JSON.stringify(fromDraft(draft)) }, { method: "post", action: "/app/bonuses" })}
          >
            {t("bonuses.save")}
          </Button>
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
