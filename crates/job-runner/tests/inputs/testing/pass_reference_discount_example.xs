// The reference's complete example; 0.2 + 0.1 equals 0.3 in a test.
function "calculate_discount" {
  input {
    decimal subtotal filters=min:0
    enum customer_type {
      values = ["regular", "premium", "vip"]
    }
    text coupon?
  }
  stack {
    var $discount_rate { value = 0 }

    switch ($input.customer_type) {
      case ("premium") {
        var.update $discount_rate { value = 0.1 }
      } break
      case ("vip") {
        var.update $discount_rate { value = 0.2 }
      } break
      default {
        var.update $discount_rate { value = 0 }
      }
    }

    conditional {
      if ($input.coupon == "SAVE10") {
        math.add $discount_rate { value = 0.1 }
      }
    }

    var $discount { value = $input.subtotal * $discount_rate }
  }
  response = { discount: $discount, rate: $discount_rate }

  test "no discount for regular customer" {
    input = { subtotal: 100, customer_type: "regular" }
    expect.to_equal ($response.discount) { value = 0 }
  }

  test "10% discount for premium" {
    input = { subtotal: 100, customer_type: "premium" }
    expect.to_equal ($response.discount) { value = 10 }
  }

  test "20% discount for VIP" {
    input = { subtotal: 100, customer_type: "vip" }
    expect.to_equal ($response.discount) { value = 20 }
  }

  test "coupon stacks with VIP discount" {
    input = { subtotal: 100, customer_type: "vip", coupon: "SAVE10" }
    expect.to_equal ($response.rate) { value = 0.3 }
  }
}
