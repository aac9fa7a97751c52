import { makeStyles, tokens } from '@fluentui/react-components';

export const usePerformancePageStyles = makeStyles({
  intro: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  whose: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  scope: { fontWeight: tokens.fontWeightSemibold },
  section: {
    minWidth: 0,
    marginBottom: tokens.spacingVerticalL,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  sectionIntro: { marginTop: tokens.spacingVerticalXS, marginBottom: tokens.spacingVerticalM },
  // Two figures side by side where there is room for both, one above the other where there is not.
  twoUp: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 26rem), 1fr))',
    columnGap: tokens.spacingHorizontalXXL,
  },
});
