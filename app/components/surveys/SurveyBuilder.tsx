import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Box, Button, Card, Checkbox, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { FieldErrorCodes } from "~/loyalty/field-error-codes";
import { MAX_OWN_QUESTIONS, MAX_TEXT_CAP, OWN_QUESTION_KINDS, QUESTION_KINDS, type QuestionKind, type SurveyQuestion } from "~/loyalty/surveys";

/** A question as the form edits it: every field a string, choices one per line. */
export interface QuestionDraft {
  kind: QuestionKind;
  prompt: string;
  required: boolean;
  choices: string;
  maxLength: string;
  min: string;
  max: string;
  step: string;
}

export interface SurveyErrors {
  fieldErrors: Record<string, string>;
  fieldErrorCodes?: FieldErrorCodes;
}

function draftOf(question: SurveyQuestion): QuestionDraft {
  return {
    kind: question.kind,
    prompt: question.prompt,
    required: question.required,
    choices: question.kind === "single" || question.kind === "multiple" ? question.choices.join("\n") : "",
    maxLength: question.kind === "text" ? String(question.maxLength) : String(MAX_TEXT_CAP),
    min: question.kind === "slider" ? String(question.min) : "0",
    max: question.kind === "slider" ? String(question.max) : "10",
    step: question.kind === "slider" ? String(question.step) : "1",
  };
}

/** What the server validates (app/loyalty/surveys.ts): only the fields of each question's kind. */
function payloadOf(title: string, points: string, questions: QuestionDraft[]) {
  return {
    title,
    points,
    questions: questions.map((q) => {
      const base = { kind: q.kind, prompt: q.prompt, required: q.required };
      if (q.kind === "single" || q.kind === "multiple") return { ...base, choices: q.choices.split("\n") };
      if (q.kind === "text") return { ...base, maxLength: q.maxLength };
      if (q.kind === "slider") return { ...base, min: q.min, max: q.max, step: q.step };
      return base;
    }),
  };
}

/** Build the survey: title, points, the NPS and CES questions and up to five own ones. Saved as one JSON field. */
export function SurveyBuilder({ survey, errors }: { survey: { title: string; points: number; questions: SurveyQuestion[] } | null; errors: SurveyErrors | null }) {
  const { t } = useAdminText();
  const navigation = useNavigation();
  const [title, setTitle] = useState(survey?.title ?? t("surveys.builder.defaultTitle"));
  const [points, setPoints] = useState(String(survey?.points ?? 50));
  const [questions, setQuestions] = useState<QuestionDraft[]>(
    () =>
      survey?.questions.map(draftOf) ?? [
        { ...draftOf({ id: "nps", kind: "nps", prompt: t("surveys.builder.defaultNps"), required: true }) },
        { ...draftOf({ id: "ces", kind: "ces", prompt: t("surveys.builder.defaultCes"), required: true }) },
      ],
  );
  const errorAt = (path: string): string | undefined => {
    const code = errors?.fieldErrorCodes?.[path];
    if (code) return t(code.key, code.values as Record<string, unknown>);
    return errors?.fieldErrors[path];
  };
  const update = (index: number, change: Partial<QuestionDraft>) => setQuestions((list) => list.map((q, i) => (i === index ? { ...q, ...change } : q)));
  const own = questions.filter((q) => (OWN_QUESTION_KINDS as readonly string[]).includes(q.kind)).length;
  const kindOptions = QUESTION_KINDS.map((kind) => ({ label: t(`surveys.kinds.${kind}`), value: kind }));
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";

  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="survey" value={JSON.stringify(payloadOf(title, points, questions))} />
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            {t("surveys.builder.heading")}
          </Text>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <TextField label={t("surveys.builder.title")} value={title} onChange={setTitle} autoComplete="off" error={errorAt("title")} />
            <TextField
              label={t("surveys.builder.points")}
              type="number"
              min={0}
              value={points}
              onChange={setPoints}
              autoComplete="off"
              helpText={t("surveys.builder.pointsHelp")}
              error={errorAt("points")}
            />
          </InlineGrid>
          {errorAt("questions") ? (
            <Text as="p" tone="critical">
              {errorAt("questions")}
            </Text>
          ) : null}
          {questions.map((question, index) => (
            <Box key={index} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
              <BlockStack gap="300">
                <InlineGrid columns={{ xs: 1, md: ["oneThird", "twoThirds"] }} gap="300">
                  <Select
                    label={t("surveys.builder.kind", { number: index + 1 })}
                    options={kindOptions}
                    value={question.kind}
                    onChange={(kind) => update(index, { kind: kind as QuestionKind })}
                    error={errorAt(`questions.${index}.kind`)}
                  />
                  <TextField
                    label={t("surveys.builder.prompt")}
                    value={question.prompt}
                    onChange={(prompt) => update(index, { prompt })}
                    autoComplete="off"
                    error={errorAt(`questions.${index}.prompt`)}
                  />
                </InlineGrid>
                {question.kind === "single" || question.kind === "multiple" ? (
                  <TextField
                    label={t("surveys.builder.choices")}
                    helpText={t("surveys.builder.choicesHelp")}
                    multiline={3}
                    value={question.choices}
                    onChange={(choices) => update(index, { choices })}
                    autoComplete="off"
                    error={errorAt(`questions.${index}.choices`)}
                  />
                ) : null}
                {question.kind === "text" ? (
                  <TextField
                    label={t("surveys.builder.maxLength")}
                    type="number"
                    value={question.maxLength}
                    onChange={(maxLength) => update(index, { maxLength })}
                    autoComplete="off"
                    helpText={t("surveys.builder.maxLengthHelp", { max: MAX_TEXT_CAP })}
                    error={errorAt(`questions.${index}.maxLength`)}
                  />
                ) : null}
                {question.kind === "slider" ? (
                  <InlineGrid columns={3} gap="300">
                    <TextField label={t("surveys.builder.min")} type="number" value={question.min} onChange={(min) => update(index, { min })} autoComplete="off" error={errorAt(`questions.${index}.min`)} />
                    <TextField label={t("surveys.builder.max")} type="number" value={question.max} onChange={(max) => update(index, { max })} autoComplete="off" />
                    <TextField label={t("surveys.builder.step")} type="number" value={question.step} onChange={(step) => update(index, { step })} autoComplete="off" error={errorAt(`questions.${index}.step`)} />
                  </InlineGrid>
                ) : null}
                <InlineStack align="space-between" blockAlign="center">
                  <Checkbox label={t("surveys.builder.required")} checked={question.required} onChange={(required) => update(index, { required })} />
                  <Button variant="plain" tone="critical" onClick={() => setQuestions((list) => list.filter((_, i) => i !== index))}>
                    {t("surveys.builder.remove")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Box>
          ))}
          <InlineStack align="space-between" blockAlign="center">
            <Button
              disabled={own >= MAX_OWN_QUESTIONS}
              onClick={() => setQuestions((list) => [...list, draftOf({ id: "new", kind: "single", prompt: "", required: true, choices: [] })])}
            >
              {t("surveys.builder.add")}
            </Button>
            <Button submit variant="primary" loading={saving}>
              {t("surveys.builder.save")}
            </Button>
          </InlineStack>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("surveys.builder.versionHelp", { max: MAX_OWN_QUESTIONS })}
          </Text>
        </BlockStack>
      </Form>
    </Card>
  );
}
