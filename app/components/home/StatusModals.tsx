import { BlockStack, List, Modal, Text } from "@shopify/polaris";
import { formatRate } from "~/loyalty/money";
import type { LaunchSetup } from "~/loyalty/server/launch.server";

const numbers = new Intl.NumberFormat("en-US");

interface ModalProps {
  open: boolean;
  loading: boolean;
  onClose: () => void;
  onConfirm: () => void;
}

/** Launch (or resume): what shoppers will see from now on. */
export function LaunchModal({ setup, storefrontActive, ...props }: ModalProps & { setup: LaunchSetup; storefrontActive: boolean }) {
  const cheapest = [...setup.rewards].sort((a, b) => a.pointsCost - b.pointsCost)[0];
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title={setup.status === "paused" ? "Resume your rewards program?" : "Launch your rewards program?"}
      primaryAction={{ content: setup.status === "paused" ? "Resume program" : "Launch program", onAction: props.onConfirm, loading: props.loading }}
      secondaryActions={[{ content: "Cancel", onAction: props.onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">As soon as you launch, shoppers will see:</Text>
          <List>
            <List.Item>Every order paid from now on earns {formatRate(setup.earning.baseRateMilli, setup.currency)}; orders paid before launch earn nothing.</List.Item>
            <List.Item>Their points balance and tier in the Rewards block and launcher.</List.Item>
            <List.Item>
              {setup.rewards.length} reward{setup.rewards.length === 1 ? "" : "s"} to redeem
              {cheapest ? `, from ${cheapest.name} for ${numbers.format(cheapest.pointsCost)} points` : ""}.
            </List.Item>
            {setup.earning.signupBonusPoints > 0 ? <List.Item>{numbers.format(setup.earning.signupBonusPoints)} points for new sign-ups.</List.Item> : null}
          </List>
          {storefrontActive ? null : (
            <Text as="p" tone="caution">
              The Rewards block and launcher are not on your theme yet: shoppers will not see their points until you add one.
            </Text>
          )}
          <Text as="p" tone="subdued">
            You can pause the program at any time.
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

/** Pause: what shoppers will see while the program is paused. */
export function PauseModal(props: ModalProps) {
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title="Pause your rewards program?"
      primaryAction={{ content: "Pause program", destructive: true, onAction: props.onConfirm, loading: props.loading }}
      secondaryActions={[{ content: "Keep it running", onAction: props.onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">While the program is paused, shoppers will see:</Text>
          <List>
            <List.Item>“Our rewards program is paused” in the Rewards block and launcher.</List.Item>
            <List.Item>Their points and tier as they are: nothing is lost.</List.Item>
            <List.Item>No points for orders paid while paused, and no redeeming.</List.Item>
            <List.Item>Codes they already have keep working at checkout.</List.Item>
          </List>
          <Text as="p" tone="subdued">
            You can resume it at any time from Home.
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
