// The address typed on the sign-in page, carried to "Forgot password?" in memory (never in the URL).
let remembered = '';

export function rememberEmailForReset(email: string): void {
  remembered = email.trim();
}

export function rememberedEmailForReset(): string {
  return remembered;
}
