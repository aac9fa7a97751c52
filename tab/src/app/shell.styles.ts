import { makeStyles, tokens } from '@fluentui/react-components';

export const useShellStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100vh' },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { position: 'static', left: 'auto', padding: tokens.spacingHorizontalS },
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  nav: { flexGrow: 1 },
  navList: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  navLink: {
    fontSize: tokens.fontSizeBase300,
    '&[aria-current="page"]': { fontWeight: tokens.fontWeightBold, textDecorationLine: 'underline' },
  },
  // Wraps at 390 px (Teams on a phone): the theme list goes under the name instead of past the edge.
  who: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  theme: { minWidth: '10rem' },
  main: {
    padding: tokens.spacingHorizontalL,
    maxWidth: '90rem',
    width: '100%',
    boxSizing: 'border-box',
    ':focus': { outline: 'none' },
  },
});
