import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useHost } from './host-provider';

const CASE_REF = /^MH-\d{4}-\d{5}$/;

/**
 * A Teams deep link into the tab carries a sub-page id; for a case reference it opens that case. The API
 * still decides whether the person may see it.
 */
export const TeamsDeepLink = () => {
  const { subPageId } = useHost();
  const navigate = useNavigate();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !subPageId || !CASE_REF.test(subPageId)) return;
    done.current = true;
    void navigate(`/cases/${subPageId}`);
  }, [subPageId, navigate]);
  return null;
};
