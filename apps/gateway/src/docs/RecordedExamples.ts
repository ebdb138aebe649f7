/**
 * Generated: do not edit. Written by `tools/e2e/test/gateway/openapi-examples.e2e.test.ts` with
 * `WRITE_OPENAPI_EXAMPLES=1`: each operation called on an in-process gateway against the simulator, with request
 * bodies built by `@its/tickets`' example builders and the simulator's accounts. `OperationDoc.ts` attaches them to
 * `/openapi.json`; `test/OpenApiExamples.test.ts` decodes each with its operation's schemas.
 */
import type { RecordedExample } from "./OperationDoc.ts"

export const recordedExamples: Readonly<Record<string, ReadonlyArray<RecordedExample>>> = {
  "tickets.placement": [
    {
      summary: "Single pre-match bet (content)",
      body: {
        type: "ticket",
        ticketId: "Ticket_3691",
        bets: [
          {
            betId: "Ticket_3691_bet_0",
            selections: [
              {
                type: "uf",
                productId: "3",
                eventId: "sr:match:15050881",
                marketId: "1",
                outcomeId: "2",
                odds: {
                  type: "decimal",
                  value: "1.32"
                }
              }
            ],
            stake: [
              {
                type: "cash",
                currency: "EUR",
                amount: "10"
              }
            ]
          }
        ],
        context: {
          channel: {
            type: "internet",
            ip: "212.7.5.2",
            lang: "EN"
          },
          endCustomer: {
            id: "user_3454"
          },
          limitId: 1409
        }
      },
      status: 200,
      response: {
        type: "ticket-reply",
        signature: "889WW7FYn9OkMETzP16kENOOO8c2afffrmtnlL6DU7w=",
        status: "accepted",
        ticketId: "Ticket_3691",
        code: 0,
        message: "Transaction processed",
        betDetails: [
          {
            betId: "Ticket_3691_bet_0",
            code: 0,
            message: "Transaction processed"
          }
        ],
        exchangeRate: [
          {
            fromCurrency: "EUR",
            toCurrency: "EUR",
            rate: "1.00000"
          }
        ]
      }
    },
    {
      summary: "Accumulator (full envelope)",
      body: {
        operatorId: 9999,
        correlationId: "consumer-corr-1",
        timestampUtc: 1700000000000,
        operation: "ticket-placement",
        version: "3.0",
        content: {
          type: "ticket",
          ticketId: "Ticket_3692",
          bets: [
            {
              betId: "Ticket_3692_bet_0",
              selections: [
                {
                  type: "uf",
                  productId: "3",
                  eventId: "sr:match:15050881",
                  marketId: "1",
                  outcomeId: "2",
                  odds: {
                    type: "decimal",
                    value: "1.32"
                  }
                },
                {
                  type: "uf",
                  productId: "3",
                  eventId: "sr:match:15050883",
                  marketId: "1",
                  outcomeId: "1",
                  odds: {
                    type: "decimal",
                    value: "2.10"
                  }
                },
                {
                  type: "uf",
                  productId: "3",
                  eventId: "sr:match:15050885",
                  marketId: "1",
                  outcomeId: "3",
                  odds: {
                    type: "decimal",
                    value: "3.4"
                  }
                }
              ],
              stake: [
                {
                  type: "cash",
                  currency: "EUR",
                  amount: "5"
                }
              ]
            }
          ],
          context: {
            channel: {
              type: "internet",
              ip: "212.7.5.2",
              lang: "EN"
            },
            endCustomer: {
              id: "user_3454"
            },
            limitId: 1409
          }
        }
      },
      status: 200,
      response: {
        type: "ticket-reply",
        signature: "8Lw/J92U17cs+9R2t6w8XGbLVAWXaqWbYeLhG1R9054=",
        status: "accepted",
        ticketId: "Ticket_3692",
        code: 0,
        message: "Transaction processed",
        betDetails: [
          {
            betId: "Ticket_3692_bet_0",
            code: 0,
            message: "Transaction processed"
          }
        ],
        exchangeRate: [
          {
            fromCurrency: "EUR",
            toCurrency: "EUR",
            rate: "1.00000"
          }
        ]
      }
    }
  ],
  "tickets.inform": [
    {
      summary: "Inform of an accepted 4-fold with bonus stake",
      body: {
        type: "ticket-inform",
        ticket: {
          type: "ticket",
          ticketId: "Ticket_3696",
          bets: [
            {
              betId: "Ticket_3696_bet_0",
              selections: [
                {
                  type: "uf",
                  productId: "3",
                  eventId: "sr:match:15050881",
                  marketId: "1",
                  outcomeId: "2",
                  odds: {
                    type: "decimal",
                    value: "1.32"
                  }
                },
                {
                  type: "uf",
                  productId: "3",
                  eventId: "sr:match:15050883",
                  marketId: "1",
                  outcomeId: "1",
                  odds: {
                    type: "decimal",
                    value: "2.10"
                  }
                },
                {
                  type: "uf",
                  productId: "3",
                  eventId: "sr:match:15050885",
                  marketId: "1",
                  outcomeId: "3",
                  odds: {
                    type: "decimal",
                    value: "3.4"
                  }
                },
                {
                  type: "uf",
                  productId: "3",
                  eventId: "sr:match:15050887",
                  marketId: "1",
                  outcomeId: "1",
                  odds: {
                    type: "decimal",
                    value: "1.55"
                  }
                }
              ],
              stake: [
                {
                  type: "cash",
                  currency: "EUR",
                  amount: "9.5"
                },
                {
                  type: "bonus",
                  currency: "EUR",
                  amount: "0.5"
                }
              ]
            }
          ],
          context: {
            channel: {
              type: "internet",
              ip: "212.7.5.2",
              lang: "EN"
            },
            endCustomer: {
              id: "user_3454"
            },
            limitId: 1409
          }
        },
        betValidations: [
          {
            betId: "Ticket_3696_bet_0",
            code: 0,
            rejected: false,
            message: "ok"
          }
        ]
      },
      status: 202,
      response: {
        id: "6bbcd029-8ea6-4ba1-82a3-7e6df2000a90",
        ticketId: "Ticket_3696",
        consumer: "all",
        status: "pending",
        attempts: 0,
        createdAt: "2026-12-02T23:45:26.178Z",
        updatedAt: "2026-12-02T23:45:26.178Z",
        nextAttemptAt: "2026-12-02T23:45:26.178Z"
      }
    }
  ],
  "tickets.informStatus": [
    {
      summary: "A delivered inform",
      path: {
        id: "6bbcd029-8ea6-4ba1-82a3-7e6df2000a90"
      },
      status: 200,
      response: {
        id: "6bbcd029-8ea6-4ba1-82a3-7e6df2000a90",
        ticketId: "Ticket_3696",
        consumer: "all",
        status: "delivered",
        attempts: 1,
        createdAt: "2026-12-02T23:45:26.178Z",
        updatedAt: "2026-12-02T23:45:26.235Z",
        deliveredAt: "2026-12-02T23:45:26.235Z",
        reply: {
          type: "ticket-inform-reply",
          signature: "1IzEMbasUg+hBSeGWAekJhdLs/w7QUTOs59BaeNDkOE=",
          status: "accepted",
          ticketId: "Ticket_3696",
          code: 0,
          message: "Transaction processed",
          betDetails: [
            {
              betId: "Ticket_3696_bet_0",
              code: 0,
              message: "ok"
            }
          ]
        }
      }
    }
  ],
  "tickets.ack": [
    {
      summary: "Acknowledge the accepted ticket",
      body: {
        type: "ticket-ack",
        ticketId: "Ticket_3691",
        ticketSignature: "889WW7FYn9OkMETzP16kENOOO8c2afffrmtnlL6DU7w=",
        acknowledged: true
      },
      status: 200,
      response: {
        type: "ticket-ack-reply",
        signature: "Sz84PkueoOLMNJD6uov4dyAkp9EGx43y5LJVJAlo6Bs=",
        status: "accepted",
        ticketId: "Ticket_3691",
        code: 0,
        message: "Acknowledgement processed"
      }
    }
  ],
  "tickets.cashoutBuild": [
    {
      summary: "Ask for a cash-out offer",
      body: {
        type: "cashout-build",
        cashout: {
          type: "cashout",
          cashoutId: "Cashout_3693",
          details: {
            type: "ticket",
            ticketId: "Ticket_3693",
            ticketSignature: "B0eKKrE67885vDZ/PqWgc3Q++as/HnelSihd+vou6Zo=",
            code: 101,
            payout: [
              {
                type: "cash",
                amount: "5",
                currency: "EUR"
              }
            ]
          }
        }
      },
      status: 200,
      response: {
        type: "cashout-build-reply",
        signature: "1w7OfzCu4smF3NIAndsT5dboAZOHZBzVEDMEi6ByXQM=",
        status: "accepted",
        ticketId: "Ticket_3693",
        code: 0,
        message: "Cashout processed",
        cashoutId: "Cashout_3693",
        cashout: {
          cashoutType: "ticket",
          cashoutId: "Cashout_3693",
          maxPayout: [
            {
              type: "cash",
              amount: "5",
              currency: "EUR"
            }
          ],
          cashout: [
            {
              type: "cash",
              amount: "5",
              currency: "EUR"
            }
          ]
        }
      }
    }
  ],
  "tickets.cashoutInform": [
    {
      summary: "Inform of a cash-out the operator accepted",
      body: {
        type: "cashout-inform",
        cashout: {
          type: "cashout",
          cashoutId: "Cashout_3693",
          details: {
            type: "ticket",
            ticketId: "Ticket_3693",
            ticketSignature: "B0eKKrE67885vDZ/PqWgc3Q++as/HnelSihd+vou6Zo=",
            code: 101,
            payout: [
              {
                type: "cash",
                amount: "5",
                currency: "EUR"
              }
            ]
          }
        },
        validation: {
          code: 0,
          rejected: false,
          message: "ok"
        }
      },
      status: 200,
      response: {
        type: "cashout-inform-reply",
        signature: "BgQ0AyqMwKgTKRcuf+H+2lTE8sjaXGsAt+xHrVpqv3w=",
        status: "accepted",
        ticketId: "Ticket_3693",
        code: 0,
        message: "Cashout processed",
        cashoutId: "Cashout_3693"
      }
    }
  ],
  "tickets.cashoutPlacement": [
    {
      summary: "Place a cash-out",
      body: {
        type: "cashout-placement",
        cashout: {
          type: "cashout",
          cashoutId: "Cashout_3693_2",
          details: {
            type: "ticket",
            ticketId: "Ticket_3693",
            ticketSignature: "B0eKKrE67885vDZ/PqWgc3Q++as/HnelSihd+vou6Zo=",
            code: 101,
            payout: [
              {
                type: "cash",
                amount: "5",
                currency: "EUR"
              }
            ]
          }
        }
      },
      status: 200,
      response: {
        type: "cashout-placement-reply",
        signature: "r6DZBh9tMdlHth31yk0nSqtNGg2EALFLPeWBEsVYViI=",
        status: "rejected",
        ticketId: "Ticket_3693",
        code: -107,
        message: "Ticket Ticket_3693 is already cashed out",
        cashoutId: "Cashout_3693_2"
      }
    }
  ],
  "tickets.settlement": [
    {
      summary: "Settle a ticket on an external selection",
      body: {
        type: "ext-settlement",
        settlementId: "Settlement_3695",
        details: {
          type: "ticket",
          ticketId: "Ticket_3695",
          ticketSignature: "6GdKS+mii7hg0hWMsK+2cTkpyRl0Dgtp4dWChhC3SUE=",
          payout: [
            {
              type: "cash",
              amount: "5",
              currency: "EUR"
            }
          ]
        }
      },
      status: 200,
      response: {
        type: "ext-settlement-reply",
        signature: "1BnRGsrO8OJrLD29u7G/yBE3bKC17txHJsY9/EQ5JyE=",
        status: "accepted",
        ticketId: "Ticket_3695",
        code: 0,
        message: "Settlement processed",
        settlementId: "Settlement_3695"
      }
    }
  ],
  "tickets.cancel": [
    {
      summary: "Cancel a ticket (code 101)",
      body: {
        type: "cancel",
        cancellationId: "Cancel_3691",
        details: {
          type: "ticket",
          ticketId: "Ticket_3691",
          ticketSignature: "889WW7FYn9OkMETzP16kENOOO8c2afffrmtnlL6DU7w=",
          code: 101
        }
      },
      status: 200,
      response: {
        type: "cancel-reply",
        signature: "LH/8B5gOqjY9NRQ5X4G57pU9MnlJixOGpnGYYLKj2ko=",
        status: "accepted",
        ticketId: "Ticket_3691",
        code: 0,
        message: "Cancellation processed",
        cancellationId: "Cancel_3691"
      }
    }
  ],
  "tickets.maxStake": [
    {
      summary: "Maximum stake of a custom bet",
      body: {
        type: "max-stake",
        ticket: {
          type: "ticket",
          ticketId: "Ticket_3694",
          bets: [
            {
              betId: "Ticket_3694_bet_0",
              selections: [
                {
                  type: "uf-custom-bet",
                  selections: [
                    {
                      type: "uf",
                      productId: "3",
                      eventId: "sr:match:15050881",
                      marketId: "1",
                      outcomeId: "1",
                      odds: {
                        type: "decimal",
                        value: "1.85"
                      }
                    },
                    {
                      type: "uf",
                      productId: "3",
                      eventId: "sr:match:15050881",
                      marketId: "18",
                      outcomeId: "12",
                      specifiers: "total=2.5",
                      odds: {
                        type: "decimal",
                        value: "1.70"
                      }
                    },
                    {
                      type: "uf",
                      productId: "3",
                      eventId: "sr:match:15050881",
                      marketId: "29",
                      outcomeId: "74",
                      odds: {
                        type: "decimal",
                        value: "1.90"
                      }
                    }
                  ],
                  odds: {
                    type: "decimal",
                    value: "4.75"
                  }
                }
              ],
              stake: [
                {
                  type: "cash",
                  currency: "EUR",
                  amount: "10"
                }
              ]
            }
          ],
          context: {
            channel: {
              type: "internet",
              ip: "212.7.5.2",
              lang: "EN"
            },
            endCustomer: {
              id: "user_3454"
            },
            limitId: 1409
          }
        }
      },
      status: 200,
      response: {
        type: "max-stake-reply",
        code: 0,
        message: "Max stake calculated",
        signature: "mWbLOkxNVL/GqecaraR5nVSe+kEtQyBV3c+AZZGK2DI=",
        bets: [
          {
            betId: "Ticket_3694_bet_0",
            selections: [
              {
                type: "uf-custom-bet",
                selections: [
                  {
                    type: "uf",
                    productId: "3",
                    eventId: "sr:match:15050881",
                    marketId: "1",
                    outcomeId: "1",
                    odds: {
                      type: "decimal",
                      value: "1.85"
                    }
                  },
                  {
                    type: "uf",
                    productId: "3",
                    eventId: "sr:match:15050881",
                    marketId: "18",
                    outcomeId: "12",
                    specifiers: "total=2.5",
                    odds: {
                      type: "decimal",
                      value: "1.70"
                    }
                  },
                  {
                    type: "uf",
                    productId: "3",
                    eventId: "sr:match:15050881",
                    marketId: "29",
                    outcomeId: "74",
                    odds: {
                      type: "decimal",
                      value: "1.90"
                    }
                  }
                ],
                odds: {
                  type: "decimal",
                  value: "4.75"
                }
              }
            ],
            stake: [
              {
                type: "cash",
                currency: "EUR",
                amount: "1000"
              }
            ]
          }
        ]
      }
    }
  ],
  "tickets.ltd": [
    {
      summary: "Live time delay for a single",
      body: {
        bookmaker: 9999,
        ticket: {
          type: "ticket",
          ticketId: "Ticket_3697",
          bets: [
            {
              betId: "Ticket_3691_bet_0",
              selections: [
                {
                  type: "uf",
                  productId: "3",
                  eventId: "sr:match:15050881",
                  marketId: "1",
                  outcomeId: "2",
                  odds: {
                    type: "decimal",
                    value: "1.32"
                  }
                }
              ],
              stake: [
                {
                  type: "cash",
                  currency: "EUR",
                  amount: "10"
                }
              ]
            }
          ],
          context: {
            channel: {
              type: "internet",
              ip: "212.7.5.2",
              lang: "EN"
            },
            endCustomer: {
              id: "user_3454"
            },
            limitId: 1409
          }
        }
      },
      status: 200,
      response: {
        ltdModelSuggestion: "Skip",
        ltdSuggestion: "0",
        ltdSuggestionEdl: "8",
        ticketId: "Ticket_3697"
      }
    }
  ],
  "scores.lbs": [
    {
      summary: "Two customers",
      query: {
        bookmaker: "9999",
        customer: "cust-000011,cust-000012"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000012",
              srcId: "9999:1:cust-000012",
              lbs: "0.16"
            }
          }
        ],
        missing: [
          {
            type: "C",
            id: "cust-000011"
          }
        ],
        accounts: [
          {
            id: "cust-000011",
            type: "C",
            found: false,
            cached: false,
            ageSeconds: 0.001
          },
          {
            id: "cust-000012",
            type: "C",
            found: true,
            cached: false,
            ageSeconds: 0.001
          }
        ],
        cache: {
          enabled: true,
          ttlSeconds: 3600,
          hits: 0,
          misses: 2,
          upstreamCalls: 1,
          maxAgeSeconds: 0.001
        }
      }
    }
  ],
  "scores.lbsRange": [
    {
      summary: "First page of a range scan",
      query: {
        bookmaker: "9999",
        lower: "0.5",
        higher: "1"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000007",
              srcId: "9999:3:cust-000007",
              lbs: "0.88"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000008",
              srcId: "9999:3:cust-000008",
              lbs: "0.83"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000013",
              srcId: "9999:2:cust-000013",
              lbs: "0.86"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000015",
              srcId: "9999:2:cust-000015",
              lbs: "0.50"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000021",
              srcId: "9999:2:cust-000021",
              lbs: "0.56"
            }
          }
        ],
        nextStartKey: "C#21"
      }
    }
  ],
  "scores.bot": [
    {
      summary: "Two customers",
      query: {
        bookmaker: "9999",
        customer: "cust-000011,cust-000012"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000011",
              srcId: "9999:1:cust-000011",
              bscore: "0.06"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000012",
              srcId: "9999:1:cust-000012",
              bscore: "0.01"
            }
          }
        ],
        missing: [],
        accounts: [
          {
            id: "cust-000011",
            type: "C",
            found: true,
            cached: false,
            ageSeconds: 0
          },
          {
            id: "cust-000012",
            type: "C",
            found: true,
            cached: false,
            ageSeconds: 0
          }
        ],
        cache: {
          enabled: true,
          ttlSeconds: 300,
          hits: 0,
          misses: 2,
          upstreamCalls: 1,
          maxAgeSeconds: 0
        }
      }
    }
  ],
  "scores.botRange": [
    {
      summary: "First page of a range scan",
      query: {
        bookmaker: "9999",
        lower: "0.5",
        higher: "1"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000010",
              srcId: "9999:1:cust-000010",
              bscore: "0.66"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000015",
              srcId: "9999:2:cust-000015",
              bscore: "0.99"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000024",
              srcId: "9999:2:cust-000024",
              bscore: "0.85"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000028",
              srcId: "9999:3:cust-000028",
              bscore: "0.68"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000031",
              srcId: "9999:2:cust-000031",
              bscore: "0.52"
            }
          }
        ],
        nextStartKey: "C#31"
      }
    }
  ],
  "scores.marker": [
    {
      summary: "Two customers",
      query: {
        bookmaker: "9999",
        customer: "cust-000011,cust-000012"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000011",
              srcId: "9999:1:cust-000011",
              mscore: "0.93"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000012",
              srcId: "9999:1:cust-000012",
              mscore: "0.14"
            }
          }
        ],
        missing: [],
        accounts: [
          {
            id: "cust-000011",
            type: "C",
            found: true,
            cached: false,
            ageSeconds: 0
          },
          {
            id: "cust-000012",
            type: "C",
            found: true,
            cached: false,
            ageSeconds: 0
          }
        ],
        cache: {
          enabled: true,
          ttlSeconds: 3600,
          hits: 0,
          misses: 2,
          upstreamCalls: 1,
          maxAgeSeconds: 0
        }
      }
    }
  ],
  "scores.markerRange": [
    {
      summary: "First page of a range scan",
      query: {
        bookmaker: "9999",
        lower: "0.5",
        higher: "1"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000003",
              srcId: "9999:3:cust-000003",
              mscore: "0.78"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000007",
              srcId: "9999:3:cust-000007",
              mscore: "0.62"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000011",
              srcId: "9999:1:cust-000011",
              mscore: "0.93"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000014",
              srcId: "9999:1:cust-000014",
              mscore: "0.51"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000018",
              srcId: "9999:1:cust-000018",
              mscore: "0.59"
            }
          }
        ],
        nextStartKey: "C#18"
      }
    }
  ],
  "scores.sccf": [
    {
      summary: "A customer, a shop and a terminal",
      query: {
        bookmaker: "9999",
        customer: "cust-000021",
        shop: "shop-000001",
        terminal: "term-000001"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000021",
              srcId: "9999:2:cust-000021",
              sCcf: "1.81"
            }
          },
          {
            type: "S",
            item: {
              id: "shop-000001",
              srcId: "9999:3:shop-000001",
              sCcf: "0.62"
            }
          },
          {
            type: "T",
            item: {
              id: "term-000001",
              srcId: "9999:2:term-000001",
              sCcf: "0.54"
            }
          }
        ],
        missing: [],
        accounts: [
          {
            id: "cust-000021",
            type: "C",
            found: true,
            cached: false,
            ageSeconds: 0
          },
          {
            id: "shop-000001",
            type: "S",
            found: true,
            cached: false,
            ageSeconds: 0
          },
          {
            id: "term-000001",
            type: "T",
            found: true,
            cached: false,
            ageSeconds: 0
          }
        ],
        cache: {
          enabled: true,
          ttlSeconds: 3600,
          hits: 0,
          misses: 3,
          upstreamCalls: 1,
          maxAgeSeconds: 0
        }
      }
    }
  ],
  "scores.sccfRange": [
    {
      summary: "First page of a range scan",
      query: {
        bookmaker: "9999",
        lower: "0.5",
        higher: "1"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000004",
              srcId: "9999:2:cust-000004",
              sCcf: "0.84"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000006",
              srcId: "9999:3:cust-000006",
              sCcf: "0.70"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000007",
              srcId: "9999:3:cust-000007",
              sCcf: "0.85"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000009",
              srcId: "9999:1:cust-000009",
              sCcf: "0.59"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000010",
              srcId: "9999:1:cust-000010",
              sCcf: "0.54"
            }
          }
        ],
        nextStartKey: "C#10"
      }
    }
  ],
  "scores.ccf": [
    {
      summary: "A customer, a shop and a terminal",
      query: {
        bookmaker: "9999",
        customer: "cust-000021",
        shop: "shop-000001",
        terminal: "term-000001"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000021",
              srcId: "9999:2:cust-000021",
              ccf: "1.00"
            }
          },
          {
            type: "S",
            item: {
              id: "shop-000001",
              srcId: "9999:3:shop-000001",
              ccf: "1.00"
            }
          },
          {
            type: "T",
            item: {
              id: "term-000001",
              srcId: "9999:2:term-000001",
              ccf: "1.00"
            }
          }
        ],
        missing: [],
        accounts: [
          {
            id: "cust-000021",
            type: "C",
            found: true,
            cached: false,
            ageSeconds: 0
          },
          {
            id: "shop-000001",
            type: "S",
            found: true,
            cached: false,
            ageSeconds: 0
          },
          {
            id: "term-000001",
            type: "T",
            found: true,
            cached: false,
            ageSeconds: 0
          }
        ],
        cache: {
          enabled: false,
          ttlSeconds: 0,
          hits: 0,
          misses: 3,
          upstreamCalls: 1,
          maxAgeSeconds: 0
        }
      }
    }
  ],
  "scores.ccfRange": [
    {
      summary: "First page of a range scan",
      query: {
        bookmaker: "9999",
        lower: "0.5",
        higher: "1"
      },
      status: 200,
      response: {
        items: [
          {
            type: "C",
            item: {
              id: "cust-000003",
              srcId: "9999:3:cust-000003",
              ccf: "1.00"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000004",
              srcId: "9999:2:cust-000004",
              ccf: "1.00"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000005",
              srcId: "9999:2:cust-000005",
              ccf: "1.00"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000006",
              srcId: "9999:3:cust-000006",
              ccf: "0.66"
            }
          },
          {
            type: "C",
            item: {
              id: "cust-000007",
              srcId: "9999:3:cust-000007",
              ccf: "1.00"
            }
          }
        ],
        nextStartKey: "C#7"
      }
    }
  ],
  "profiles.accounts": [
    {
      summary: "Customers with LBS ≥ 0.5, highest first",
      query: {
        bookmaker: "9999",
        filter: "lbs:gte:0.5+accountType:eq:C",
        sort: "lbs:desc",
        limit: "3"
      },
      status: 200,
      response: {
        items: [
          {
            accountId: "cust-000032",
            accountType: "C",
            bookmakerId: 9999,
            subBookmakerId: 1,
            sourceId: "9999:1:cust-000032",
            sccf: 1.93,
            ccf: 1.66,
            lbs: 0.99,
            markerScore: 0.28,
            botScore: 0.01
          },
          {
            accountId: "cust-000194",
            accountType: "C",
            bookmakerId: 9999,
            subBookmakerId: 3,
            sourceId: "9999:3:cust-000194",
            ccf: 1,
            lbs: 0.99,
            botScore: 0.01
          },
          {
            accountId: "cust-000129",
            accountType: "C",
            bookmakerId: 9999,
            subBookmakerId: 2,
            sourceId: "9999:2:cust-000129",
            sccf: 0.31,
            ccf: 1,
            lbs: 0.98,
            markerScore: 0.36,
            botScore: 0.75
          }
        ],
        pagination: {
          currentPage: 1,
          limit: 3,
          offset: 0,
          pageCount: 17,
          totalCount: 51,
          sortedBy: "lbs:desc"
        },
        nextOffset: 3
      }
    }
  ],
  "profiles.events": [
    {
      summary: "One match",
      body: {
        bookmaker: 9999,
        events: [
          {
            sportId: "sr:sport:1",
            categoryId: "sr:category:1",
            tournamentId: "sr:tournament:1",
            matchId: "sr:match:15050881"
          }
        ]
      },
      status: 200,
      response: {
        items: [
          {
            eventId: "sr:sport:1/sr:category:1/sr:tournament:1/sr:match:15050881",
            liveTimeDelaySettings: {
              liveTimeDelayTv: 6,
              liveTimeDelayUmpire: 4,
              liveTimeDelayVenue: 2
            },
            liveTr: 4,
            prematchTr: 9,
            ltd: 6,
            sLtd: 6,
            sEr: 2
          }
        ]
      }
    }
  ],
  "profiles.tournaments": [
    {
      summary: "One tournament",
      body: {
        bookmaker: 9999,
        tournaments: [
          {
            sportId: "sr:sport:1",
            categoryId: "sr:category:1",
            tournamentId: "sr:tournament:1"
          }
        ]
      },
      status: 200,
      response: {
        items: [
          {
            tournamentId: "sr:tournament:1",
            liveTr: 7,
            prematchTr: 4,
            liveTimeDelaySettings: {
              liveTimeDelayTv: 9,
              liveTimeDelayUmpire: 5,
              liveTimeDelayVenue: 2
            }
          }
        ]
      }
    }
  ],
  "profiles.rgProfile": [
    {
      summary: "A player's risk profile",
      path: {
        bookmaker: "9999",
        subBookmaker: "1",
        account: "cust-000009"
      },
      status: 200,
      response: {
        playerId: "cust-000009",
        lastUpdatedDateTime: "2026-12-02T02:00:00.000Z",
        riskScore: 100,
        riskCategory: 4,
        percentile: 97,
        categoryScores: [
          {
            key: 1,
            score: 12.3902,
            name: "Betting behaviour"
          },
          {
            key: 2,
            score: 10.046,
            name: "Depositing behaviour"
          },
          {
            key: 3,
            score: 7.2906,
            name: "Losses"
          },
          {
            key: 4,
            score: 14.2728,
            name: "Time"
          },
          {
            key: 5,
            score: 9.9225,
            name: "Speed of play"
          },
          {
            key: 6,
            score: 9.7641,
            name: "Withdrawal-related behaviour"
          },
          {
            key: 8,
            score: 6.1511,
            name: "RG activity"
          }
        ]
      }
    }
  ],
  "ops.healthz": [
    {
      summary: "Alive",
      status: 200,
      response: {
        status: "alive"
      }
    }
  ],
  "ops.readyz": [
    {
      summary: "Ready, with the checks (ops key)",
      status: 200,
      response: {
        status: "ready",
        checks: {
          restToken: {
            ok: true
          },
          dataPlaneToken: {
            ok: true
          },
          store: {
            ok: true
          },
          dataPlane: {
            ok: true
          }
        }
      }
    }
  ],
  "ops.metrics": [
    {
      summary: "Excerpt: the request counter",
      status: 200,
      response:
        '# HELP its_gateway_http_requests_total HTTP requests served by the gateway, by route, method and status\n# TYPE its_gateway_http_requests_total counter\nits_gateway_http_requests_total{method="GET",route="/healthz",status="200"} 1\nits_gateway_http_requests_total{method="GET",route="/readyz",status="200"} 1\nits_gateway_http_requests_total{method="GET",route="/v1/accounts",status="200"} 1\nits_gateway_http_requests_total{method="GET",route="/v1/rg/profile/:bookmaker/:subBookmaker/:account",status="200"} 2\nits_gateway_http_requests_total{method="GET",route="/v1/rg/profile/:bookmaker/:subBookmaker/:account",status="404"} 8\nits_gateway_http_requests_total{method="GET",route="/v1/scores/bot",status="200"} 1'
    }
  ],
  "admin.deadLetters": [
    {
      summary: "One dead letter",
      query: {
        limit: "10"
      },
      status: 200,
      response: {
        items: [
          {
            id: "2f1e83e1-7f9e-48e2-8478-12f2eb132912",
            ticketId: "Ticket_3692",
            consumer: "all",
            status: "dead",
            attempts: 1,
            createdAt: "2026-12-02T23:45:27.106Z",
            updatedAt: "2026-12-02T23:45:27.161Z",
            lastError: "@its/tickets/ServerError: down"
          }
        ]
      }
    }
  ],
  "admin.requeue": [
    {
      summary: "Re-queue it",
      path: {
        id: "2f1e83e1-7f9e-48e2-8478-12f2eb132912"
      },
      status: 200,
      response: {
        id: "2f1e83e1-7f9e-48e2-8478-12f2eb132912",
        ticketId: "Ticket_3692",
        consumer: "all",
        status: "pending",
        attempts: 0,
        createdAt: "2026-12-02T23:45:27.106Z",
        updatedAt: "2026-12-02T23:45:27.199Z",
        nextAttemptAt: "2026-12-02T23:45:27.199Z",
        lastError: "@its/tickets/ServerError: down"
      }
    }
  ]
}
