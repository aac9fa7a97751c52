import { makeStaticStyles, makeStyles, shorthands, tokens } from '@fluentui/react-components';

/** The page itself: no browser margin (it showed as a white frame around the dark and high-contrast themes). */
export const useGlobalStyles = makeStaticStyles({ body: { margin: 0 } });

export const useShellStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100vh' },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { position: 'static', left: 'auto', padding: tokens.spacingHorizontalS },
  },
  header: {
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    minHeight: '48px',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    boxSizing: 'border-box',
  },
  headerPhone: {
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
  },
  brand: {
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    whiteSpace: 'nowrap',
    flexShrink: 0,
  },
  nav: { flexGrow: 1, minWidth: 0 },
  navPhone: { flexGrow: 0 },
  navList: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  navListDropDown: {
    position: 'absolute',
    zIndex: 1,
    top: '100%',
    left: 0,
    right: 0,
    flexDirection: 'column',
    flexWrap: 'nowrap',
    rowGap: 0,
    padding: `${tokens.spacingVerticalXS} 0`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    boxShadow: tokens.shadow16,
  },
  navLink: {
    whiteSpace: 'nowrap',
    fontSize: tokens.fontSizeBase300,
    '&[aria-current="page"]': { fontWeight: tokens.fontWeightBold, textDecorationLine: 'underline' },
  },
  navLinkDropDown: {
    display: 'block',
    whiteSpace: 'normal',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    fontSize: tokens.fontSizeBase400,
  },
  who: { display: 'flex', alignItems: 'center', marginLeft: 'auto', minWidth: 0, flexShrink: 1 },
  person: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  personButton: { minWidth: 0, maxWidth: '18rem', ...shorthands.padding(tokens.spacingVerticalXS) },
  name: {
    display: 'block',
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  main: {
    padding: tokens.spacingHorizontalL,
    maxWidth: '90rem',
    width: '100%',
    boxSizing: 'border-box',
    ':focus': { outline: 'none' },
    // The heading takes focus after each navigation so that screen readers announce the page; it is not a
    // control, so no focus ring is drawn around it.
    '& h1:focus': { outlineStyle: 'none' },
  },
  mainPhone: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}` },
});
