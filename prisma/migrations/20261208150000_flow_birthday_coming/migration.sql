-- The Flow trigger "birthday coming" (docs/decisions/034-birthdays-and-actions.md): its days before the birthday.
-- AlterTable
ALTER TABLE "FlowSettings" ADD COLUMN "birthdayDays" INTEGER NOT NULL DEFAULT 7;
