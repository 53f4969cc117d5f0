import { useState } from "preact/hooks";
import { problemToFormErrors, type FieldSpec, type FormErrors, type Problem } from "../api/problem";

export interface FormState {
  errors: FormErrors | null;
  /** Counts failed submits: the error summary is re-created each time so it takes focus again. */
  attempt: number;
  fail: (problem: Problem) => void;
  clear: () => void;
  error: (field: string) => string | undefined;
}

export function useFormErrors(fields: Record<string, FieldSpec>, codeFields?: Record<string, string>): FormState {
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [attempt, setAttempt] = useState(0);
  return {
    errors,
    attempt,
    fail: (problem) => {
      setErrors(problemToFormErrors(problem, fields, codeFields));
      setAttempt((n) => n + 1);
    },
    clear: () => setErrors(null),
    error: (field) => errors?.fields[field],
  };
}
