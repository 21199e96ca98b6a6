/** The instructor account playwright.config.ts creates before the server starts. */
export const INSTRUCTOR = { email: 'teach@example.com', password: 'correct horse battery', name: 'Teach' };
