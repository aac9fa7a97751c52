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
    marginBottom: tokens.spacingVerticalXXL,
    paddingTop: tokens.spacingVerticalL,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  sectionIntro: { marginTop: tokens.spacingVerticalXS, marginBottom: tokens.spacingVerticalM },
});
