import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-theme';
import type { Department, Ward } from '../app/ports';
import type { Person, Role } from '../domain/person';

/**
 * The local sign-in page (embedded default only): the demo council's people grouped by what they do, each
 * group saying what its people can do in the tab, styled with the same Fluent theme values as the tab (light,
 * dark and high contrast, following the theme chosen in the tab).
 */

interface RoleGroup {
  role: Role;
  heading: string;
  /** What people in this role can do, in a sentence or two. */
  can: string;
  /** The role's name inside a sentence, for people who hold it as well as another. */
  alsoAs: string;
}

/** In the order the page lists them; a person with several roles is listed under the first of theirs. */
const GROUPS: readonly RoleGroup[] = [
  {
    role: 'Councillor',
    heading: 'Councillors',
    can: 'Raise casework for constituents, follow its progress, read the answers and ask follow-up questions. Each councillor sees only their own cases and those shared with them.',
    alsoAs: 'a councillor',
  },
  {
    role: 'SupportOfficer',
    heading: 'Support officers (Democratic Services)',
    can: 'Triage new cases and route them to departments, chase the ones about to miss their date, raise cases for councillors and MPs, and read every case.',
    alsoAs: 'a support officer',
  },
  {
    role: 'DepartmentOfficer',
    heading: 'Department officers',
    can: 'Answer the cases routed to their department. They see those cases only, without the constituent’s contact details unless the constituent agreed to share them.',
    alsoAs: 'a department officer',
  },
  {
    role: 'Administrator',
    heading: 'Administrators',
    can: 'Set the response targets and bank holidays, and keep the divisions, departments and people up to date. They see no casework unless they are also support officers.',
    alsoAs: 'an administrator',
  },
];

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** The Fluent values the page uses, as CSS custom properties named like Fluent's tokens. */
const TOKENS = [
  'colorNeutralBackground1',
  'colorNeutralBackground2',
  'colorNeutralBackground1Hover',
  'colorNeutralForeground1',
  'colorNeutralForeground2',
  'colorNeutralStroke1',
  'colorNeutralStroke2',
  'colorNeutralStrokeAccessible',
  'colorBrandBackground',
  'colorBrandForeground1',
  'colorNeutralForegroundOnBrand',
  'colorStrokeFocus2',
  'colorNeutralBackground3',
  'borderRadiusMedium',
  'fontFamilyBase',
  'fontFamilyMonospace',
  'shadow4',
] as const satisfies readonly (keyof Theme)[];

const cssVariables = (theme: Theme): string =>
  TOKENS.map((token) => `--${token}: ${String(theme[token])};`).join(' ');

/** The theme's custom properties: the browser's preference by default, or the theme chosen in the tab. */
const THEME_CSS = `
  :root, :root[data-theme="default"] { ${cssVariables(teamsLightTheme)} color-scheme: light; }
  @media (prefers-color-scheme: dark) { :root:not([data-theme]) { ${cssVariables(teamsDarkTheme)} color-scheme: dark; } }
  :root[data-theme="dark"] { ${cssVariables(teamsDarkTheme)} color-scheme: dark; }
  :root[data-theme="contrast"] { ${cssVariables(teamsHighContrastTheme)} color-scheme: dark; }
`;

const PAGE_CSS = `${THEME_CSS}
  body { margin: 0; font: 14px/20px var(--fontFamilyBase); color: var(--colorNeutralForeground1);
    background: var(--colorNeutralBackground1); }
  .bar { display: flex; align-items: center; gap: 12px; min-height: 48px; padding: 4px 20px; box-sizing: border-box;
    background: var(--colorNeutralBackground2); border-bottom: 1px solid var(--colorNeutralStroke1); }
  .brand { font-size: 16px; font-weight: 600; }
  .tag { font-size: 12px; padding: 0 8px; border-radius: 999px; border: 1px solid var(--colorNeutralStroke1);
    color: var(--colorNeutralForeground2); }
  main { max-width: 72rem; margin: 0 auto; padding: 16px 20px 48px; box-sizing: border-box; }
  h1 { font-size: 28px; line-height: 36px; font-weight: 600; margin: 16px 0 8px; }
  h2 { font-size: 20px; line-height: 28px; font-weight: 600; margin: 0 0 4px; }
  .intro { max-width: 48rem; margin: 0 0 24px; color: var(--colorNeutralForeground2); }
  section { padding: 16px 0 8px; border-top: 1px solid var(--colorNeutralStroke2); }
  section > p { margin: 0 0 12px; max-width: 48rem; color: var(--colorNeutralForeground2); }
  .people { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr)); }
  .person { position: relative; display: flex; flex-direction: column; gap: 2px; padding: 10px 12px;
    border: 1px solid var(--colorNeutralStroke1); border-radius: var(--borderRadiusMedium);
    background: var(--colorNeutralBackground1); box-shadow: var(--shadow4); }
  .person:hover { background: var(--colorNeutralBackground1Hover); border-color: var(--colorNeutralStrokeAccessible); }
  .person button { all: unset; cursor: pointer; font-weight: 600; color: var(--colorBrandForeground1); overflow-wrap: anywhere; }
  /* The whole card answers a click on the name's button. */
  .person button::after { content: ""; position: absolute; inset: 0; border-radius: var(--borderRadiusMedium); }
  .person button:focus-visible::after { outline: 2px solid var(--colorStrokeFocus2); outline-offset: 2px; }
  .detail { color: var(--colorNeutralForeground2); font-size: 12px; line-height: 16px; }
  [role=status] { margin-top: 16px; }
  pre { font-family: var(--fontFamilyMonospace); background: var(--colorNeutralBackground3); padding: 12px;
    border-radius: var(--borderRadiusMedium); white-space: pre-wrap; word-break: break-all; }
  @media (max-width: 639.98px) { .bar { padding: 4px 12px; } main { padding: 8px 12px 32px; } h1 { font-size: 24px; line-height: 32px; } }
  @media (forced-colors: active) { .person button::after { forced-color-adjust: none; } }
`;

/** What is said under a person's name: their divisions or department, and any other role they hold. */
const detailFor = (
  person: Person,
  group: RoleGroup,
  names: { ward: (id: string) => string; department: (id: string) => string },
): string => {
  const parts: string[] = [];
  if (group.role === 'Councillor' && person.wardIds?.length)
    parts.push(person.wardIds.map(names.ward).join(', '));
  if (group.role === 'DepartmentOfficer' && person.departmentId)
    parts.push(names.department(person.departmentId));
  const others = GROUPS.filter((g) => g.role !== group.role && person.roles.includes(g.role));
  if (others.length > 0) parts.push(`Also ${others.map((g) => g.alsoAs).join(' and ')}`);
  return parts.join('. ');
};

export const signInPage = (directory: {
  people: readonly Person[];
  wards: readonly Ward[];
  departments: readonly Department[];
}): string => {
  const wardNames = new Map(directory.wards.map((w) => [w.id, w.name]));
  const departmentNames = new Map(directory.departments.map((d) => [d.id, d.name]));
  const names = {
    ward: (id: string) => wardNames.get(id) ?? id,
    department: (id: string) => departmentNames.get(id) ?? id,
  };
  const sections = GROUPS.map((group) => {
    const people = directory.people.filter((p) => GROUPS.find((g) => p.roles.includes(g.role)) === group);
    if (people.length === 0) return '';
    const items = people
      .map((p) => {
        const detail = detailFor(p, group, names);
        const detailId = `detail-${escapeHtml(p.id)}`;
        return `<li class="person"><button type="button" data-person="${escapeHtml(p.id)}"${detail ? ` aria-describedby="${detailId}"` : ''}>${escapeHtml(p.displayName)}</button>${detail ? `<span class="detail" id="${detailId}">${escapeHtml(detail)}</span>` : ''}</li>`;
      })
      .join('\n');
    const headingId = `group-${group.role.toLowerCase()}`;
    return `<section aria-labelledby="${headingId}">
<h2 id="${headingId}">${escapeHtml(group.heading)}</h2>
<p>${escapeHtml(group.can)}</p>
<ul class="people">
${items}
</ul>
</section>`;
  }).join('\n');

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – Members’ Hub (local demo)</title>
<link rel="icon" type="image/png" href="/tab/favicon.png">
<script src="/auth/local/theme.js"></script>
<style>${PAGE_CSS}</style>
</head>
<body>
<header class="bar"><span class="brand">Members’ Hub</span><span class="tag">Local demo</span></header>
<main>
<h1>Choose who to be</h1>
<p class="intro">Fallowmere County Council is fictional: none of these people is real. Each browser tab keeps its
own sign-in, so use two windows to be two people at once. In Microsoft 365 mode people sign in with their council
account through Teams, and this page does not exist.</p>
${sections}
<div role="status" aria-live="polite" id="result"></div>
</main>
<script src="/auth/local/sign-in.js"></script>
</body>
</html>
`;
};

/**
 * Run before the page is drawn (a file, so the page's Content-Security-Policy needs no inline script): follows
 * the theme asked for in the address (`?theme=dark`, as the tab takes it) or the one chosen in the tab.
 */
export const THEME_SCRIPT = `(() => {
  const themes = ['default', 'dark', 'contrast'];
  const asked = new URLSearchParams(location.search).get('theme');
  let chosen = null;
  try { chosen = localStorage.getItem('membersHubTheme'); } catch { chosen = null; }
  const theme = themes.includes(asked) ? asked : themes.includes(chosen) ? chosen : null;
  if (theme) document.documentElement.dataset.theme = theme;
})();
`;
