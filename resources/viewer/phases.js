// Generated from relay/rules/phases.py by `python -m relay.schema`: do not edit.
// The match's phases (labels, what happens in each, the clock button) and what
// moves a match from one to the next.

export const PHASE_TABLE = {
  "phases": {
    "scheduled": {
      "label": "Not started",
      "shortLabel": "PRE-MATCH",
      "raids": false,
      "half": false,
      "clockShown": true,
      "stoppedClockButton": "start",
      "whyNoRaid": "the match has not started: start the match clock first"
    },
    "firstHalf": {
      "label": "1st half",
      "shortLabel": "1ST",
      "raids": true,
      "half": true,
      "clockShown": true,
      "stoppedClockButton": "resume",
      "whyNoRaid": ""
    },
    "halfTime": {
      "label": "Half-time",
      "shortLabel": "HALF-TIME",
      "raids": false,
      "half": false,
      "clockShown": true,
      "stoppedClockButton": "start",
      "whyNoRaid": "it is half time: start the clock for the second half first"
    },
    "secondHalf": {
      "label": "2nd half",
      "shortLabel": "2ND",
      "raids": true,
      "half": true,
      "clockShown": true,
      "stoppedClockButton": "resume",
      "whyNoRaid": ""
    },
    "fullTime": {
      "label": "Full time",
      "shortLabel": "FULL TIME",
      "raids": false,
      "half": false,
      "clockShown": false,
      "stoppedClockButton": "start",
      "whyNoRaid": "the second half is over and the scores are level: start the tie-break first"
    },
    "tieBreak": {
      "label": "Tie-break",
      "shortLabel": "TIE-BREAK",
      "raids": true,
      "half": false,
      "clockShown": false,
      "stoppedClockButton": "resume",
      "whyNoRaid": ""
    },
    "goldenRaid": {
      "label": "Golden raid",
      "shortLabel": "GOLDEN RAID",
      "raids": true,
      "half": false,
      "clockShown": false,
      "stoppedClockButton": "resume",
      "whyNoRaid": ""
    },
    "finished": {
      "label": "Final",
      "shortLabel": "FINAL",
      "raids": false,
      "half": false,
      "clockShown": false,
      "stoppedClockButton": null,
      "whyNoRaid": "the match is over"
    }
  },
  "transitions": [
    {
      "source": "scheduled",
      "trigger": "start",
      "target": "firstHalf",
      "when": ""
    },
    {
      "source": "firstHalf",
      "trigger": "endHalf",
      "target": "halfTime",
      "when": ""
    },
    {
      "source": "halfTime",
      "trigger": "start",
      "target": "secondHalf",
      "when": ""
    },
    {
      "source": "secondHalf",
      "trigger": "endHalf",
      "target": "fullTime",
      "when": "the scores are level and the settings ask for a tie-break"
    },
    {
      "source": "secondHalf",
      "trigger": "endHalf",
      "target": "finished",
      "when": "otherwise"
    },
    {
      "source": "fullTime",
      "trigger": "start",
      "target": "tieBreak",
      "when": ""
    },
    {
      "source": "tieBreak",
      "trigger": "tieBreakRaidsDone",
      "target": "goldenRaid",
      "when": "both teams have had their raids and the scores are level"
    },
    {
      "source": "tieBreak",
      "trigger": "tieBreakRaidsDone",
      "target": "finished",
      "when": "otherwise"
    },
    {
      "source": "goldenRaid",
      "trigger": "goldenRaidScored",
      "target": "finished",
      "when": ""
    },
    {
      "source": "goldenRaid",
      "trigger": "toss",
      "target": "finished",
      "when": "the golden raid is over and the scores are level"
    }
  ]
};
