import { makeStyles } from '@fluentui/react-components';

/**
 * Text and tables for screen readers only: out of sight, still in the accessibility tree (the usual
 * visually-hidden pattern; `display: none` would hide them from screen readers too). An ancestor should be
 * positioned, so that a hidden element inside a scrolling area stays inside it.
 */
export const useVisuallyHiddenStyles = makeStyles({
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});
