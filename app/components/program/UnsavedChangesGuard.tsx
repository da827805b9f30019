/**
 * Shopify admin's contextual save bar for a form with unsaved changes, and what keeps them from being lost:
 * - App Bridge's save bar (`<ui-save-bar>`) shows Save and Discard while `dirty` (Discard asks first: a settings
 *   form holds many edits); the admin refuses to leave the page while it shows (its own navigation, the app's
 *   NavMenu in the sidebar: the bar shakes);
 * - in-app navigation (Remix links, redirects the app starts) is blocked with Remix's `useBlocker` and asks
 *   "Leave page with unsaved changes?" in a modal;
 * - reloading or closing the admin's tab asks the browser's own question: the admin does it while the save bar
 *   shows (App Bridge's `beforeunload`, around the iframe; a second one from the app would be refused by the
 *   browser as "multiple beforeunload confirmation panels").
 * Submissions to the same page (save, simulate, rewards) are never blocked.
 */
import { useBlocker } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Modal, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useAdminText } from "~/i18n/admin-text";

export const PROGRAM_SAVE_BAR_ID = "program-save-bar";

export function UnsavedChangesGuard({ dirty, saving, onSave, onDiscard }: { dirty: boolean; saving: boolean; onSave: () => void; onDiscard: () => void }) {
  const { t } = useAdminText();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  // Saved or discarded while the question was open: nothing is left to lose.
  useEffect(() => {
    if (blocker.state === "blocked" && !dirty) blocker.proceed();
  }, [blocker, dirty]);

  return (
    <>
      <SaveBar id={PROGRAM_SAVE_BAR_ID} open={dirty} discardConfirmation>
        <button variant="primary" onClick={onSave} disabled={saving} {...(saving ? { loading: "" } : {})}>
          {t("program.saveBar.save")}
        </button>
        <button onClick={onDiscard} disabled={saving}>
          {t("program.saveBar.discard")}
        </button>
      </SaveBar>
      <Modal
        open={blocker.state === "blocked"}
        title={t("program.leave.title")}
        onClose={() => blocker.reset?.()}
        primaryAction={{ content: t("program.leave.leave"), destructive: true, onAction: () => blocker.proceed?.() }}
        secondaryActions={[{ content: t("program.leave.stay"), onAction: () => blocker.reset?.() }]}
      >
        <Modal.Section>
          <Text as="p">{t("program.leave.body")}</Text>
        </Modal.Section>
      </Modal>
    </>
  );
}
