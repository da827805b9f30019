import { BlockStack, List, Modal, Text } from "@shopify/polaris";
import type { LaunchSetup } from "~/loyalty/server/launch.server";
import { useHomeText } from "./format";

interface ModalProps {
  open: boolean;
  loading: boolean;
  onClose: () => void;
  onConfirm: () => void;
}

/** Launch (or resume): what shoppers will see from now on. */
export function LaunchModal({ setup, storefrontActive, ...props }: ModalProps & { setup: LaunchSetup; storefrontActive: boolean }) {
  const { t, f, rate } = useHomeText();
  const cheapest = [...setup.rewards].sort((a, b) => a.pointsCost - b.pointsCost)[0];
  const resuming = setup.status === "paused";
  const rewards = t("home.launch.rewards", { count: setup.rewards.length });
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title={resuming ? t("home.launch.resumeTitle") : t("home.launch.title")}
      primaryAction={{ content: resuming ? t("home.resume") : t("home.launch.action"), onAction: props.onConfirm, loading: props.loading }}
      secondaryActions={[{ content: t("home.cancel"), onAction: props.onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">{t("home.launch.intro")}</Text>
          <List>
            <List.Item>{t("home.launch.earning", { rate: rate(setup.earning.baseRateMilli, setup.currency) })}</List.Item>
            <List.Item>{t("home.launch.balance")}</List.Item>
            <List.Item>
              {cheapest
                ? t("home.launch.rewardsFrom", { rewards, reward: cheapest.name, count: cheapest.pointsCost, points: f.points(cheapest.pointsCost) })
                : t("home.launch.rewardsOnly", { rewards })}
            </List.Item>
            {setup.earning.signupBonusPoints > 0 ? (
              <List.Item>{t("home.launch.signupBonus", { count: setup.earning.signupBonusPoints, points: f.points(setup.earning.signupBonusPoints) })}</List.Item>
            ) : null}
          </List>
          {storefrontActive ? null : (
            <Text as="p" tone="caution">
              {t("home.launch.noStorefront")}
            </Text>
          )}
          <Text as="p" tone="subdued">
            {t("home.launch.pauseAnyTime")}
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

/** Pause: what shoppers will see while the program is paused. */
export function PauseModal(props: ModalProps) {
  const { t } = useHomeText();
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title={t("home.pause.title")}
      primaryAction={{ content: t("home.pause.action"), destructive: true, onAction: props.onConfirm, loading: props.loading }}
      secondaryActions={[{ content: t("home.pause.keep"), onAction: props.onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">{t("home.pause.intro")}</Text>
          <List>
            <List.Item>{t("home.pause.message")}</List.Item>
            <List.Item>{t("home.pause.kept")}</List.Item>
            <List.Item>{t("home.pause.noEarning")}</List.Item>
            <List.Item>{t("home.pause.codes")}</List.Item>
          </List>
          <Text as="p" tone="subdued">
            {t("home.pause.resumeAnyTime")}
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
