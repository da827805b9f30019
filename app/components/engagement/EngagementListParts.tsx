/**
 * What the Badges and Challenges cards share (app/routes/app.engagement.tsx): one row of the list with its count,
 * Edit and Archive/Delete, the form's Cancel/Save buttons, and the form's error and start-over behaviour.
 */
import { Form, useNavigation } from "@remix-run/react";
import { Box, Button, InlineStack, Text } from "@shopify/polaris";
import { useEffect, type ReactNode } from "react";
import { useAdminText } from "~/i18n/admin-text";

export interface FormProblems {
  intent: string;
  errors: Record<string, { key: string; values?: Record<string, string | number> }>;
}

/** The field error of the form whose `intent` was refused, in words; undefined for other forms' errors. */
export function useFieldError(problems: FormProblems | null, intent: string): (field: string) => string | undefined {
  const { t } = useAdminText();
  return (field) => {
    const found = problems?.intent === intent ? problems.errors[field] : undefined;
    return found ? t(`engagement.errors.${found.key}`, found.values ?? {}) : undefined;
  };
}

/** A save went through (`savedAt` changed): the form starts over for the next one. */
export function useStartOverAfterSave(savedAt: number | null | undefined, startOver: () => void): void {
  useEffect(() => {
    if (savedAt) startOver();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedAt]);
}

/** One badge or challenge: its description, its count, Edit, and Archive (once used) or Delete. */
export function EngagementRow({ children, count, countTestId, used, removeIntent, id, onEdit }: { children: ReactNode; count: string; countTestId: string; used: boolean; removeIntent: string; id: string; onEdit: () => void }) {
  const { t } = useAdminText();
  return (
    <Box paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border">
      <InlineStack align="space-between" blockAlign="center" gap="300">
        {children}
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" variant="bodySm" data-testid={countTestId}>
            {count}
          </Text>
          <Button onClick={onEdit}>{t("engagement.edit")}</Button>
          <Form method="post">
            <input type="hidden" name="intent" value={removeIntent} />
            <input type="hidden" name="id" value={id} />
            <Button submit tone="critical" variant="plain">
              {used ? t("engagement.archive") : t("engagement.delete")}
            </Button>
          </Form>
        </InlineStack>
      </InlineStack>
    </Box>
  );
}

/** Cancel (while editing) and Save/Create, which spins while this form's `intent` is being submitted. */
export function SaveButtons({ editing, intent, createLabel, onCancel }: { editing: boolean; intent: string; createLabel: string; onCancel: () => void }) {
  const { t } = useAdminText();
  const navigation = useNavigation();
  return (
    <InlineStack gap="200" align="end">
      {editing ? <Button onClick={onCancel}>{t("engagement.cancel")}</Button> : null}
      <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === intent}>
        {editing ? t("engagement.save") : createLabel}
      </Button>
    </InlineStack>
  );
}
