import { Component, type ReactNode } from 'react';

/**
 * Keeps a chart that fails to draw from taking the page down with it: the figure's table still has the
 * numbers, so `fallback` says so instead. React itself logs the error.
 */
export class ChartBoundary extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
